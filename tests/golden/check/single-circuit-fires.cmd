check tests/golden/check/single-circuit-fires.yaml
