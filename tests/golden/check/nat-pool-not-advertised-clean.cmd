check tests/golden/check/nat-pool-not-advertised-clean.yaml
