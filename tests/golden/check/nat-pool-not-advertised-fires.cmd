check tests/golden/check/nat-pool-not-advertised-fires.yaml
