check tests/golden/check/circuit-far-client-fires.yaml
