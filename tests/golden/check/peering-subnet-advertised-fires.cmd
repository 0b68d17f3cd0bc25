check tests/golden/check/peering-subnet-advertised-fires.yaml
