check tests/golden/check/local-preference-low-fires.yaml
