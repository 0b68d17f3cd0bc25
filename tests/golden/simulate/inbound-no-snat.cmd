simulate --force --to exchange tests/golden/simulate/inbound-no-snat.yaml
