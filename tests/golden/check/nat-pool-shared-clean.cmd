check tests/golden/check/nat-pool-shared-clean.yaml
