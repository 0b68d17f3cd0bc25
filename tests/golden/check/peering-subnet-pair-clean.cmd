check tests/golden/check/peering-subnet-pair-clean.yaml
