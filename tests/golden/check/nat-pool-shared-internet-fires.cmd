check tests/golden/check/nat-pool-shared-internet-fires.yaml
