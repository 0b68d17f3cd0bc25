check tests/golden/check/peering-subnet-reused-fires.yaml
