check tests/golden/check/override-shadowed-fires.yaml
