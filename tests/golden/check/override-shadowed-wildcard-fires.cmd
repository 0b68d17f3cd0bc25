check tests/golden/check/override-shadowed-wildcard-fires.yaml
