simulate --fail er-1 tests/golden/check/circuit-far-fires.yaml
