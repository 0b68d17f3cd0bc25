check tests/golden/check/peering-subnet-pair-fires.yaml
