simulate --format json --to exchange tests/golden/simulate/inbound-snat.yaml
