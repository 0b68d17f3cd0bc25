check tests/golden/check/default-route-fires.yaml
