check tests/golden/check/peering-subnet-size-fires.yaml
