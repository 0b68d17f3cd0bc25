check tests/golden/check/nat-pool-shared-fires.yaml
