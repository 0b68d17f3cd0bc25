check tests/golden/check/peering-subnet-reused-clean.yaml
