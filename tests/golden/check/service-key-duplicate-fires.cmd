check tests/golden/check/service-key-duplicate-fires.yaml
