check tests/golden/check/prefix-multi-circuit-fires.yaml
