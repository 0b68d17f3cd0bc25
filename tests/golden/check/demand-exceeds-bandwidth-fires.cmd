check tests/golden/check/demand-exceeds-bandwidth-fires.yaml
