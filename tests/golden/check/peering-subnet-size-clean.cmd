check tests/golden/check/peering-subnet-size-clean.yaml
