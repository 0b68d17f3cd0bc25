check tests/golden/check/peering-subnet-pair-missing-fires.yaml
