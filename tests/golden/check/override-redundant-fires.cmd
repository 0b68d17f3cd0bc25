check tests/golden/check/override-redundant-fires.yaml
