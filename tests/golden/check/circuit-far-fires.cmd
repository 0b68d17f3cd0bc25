check tests/golden/check/circuit-far-fires.yaml
