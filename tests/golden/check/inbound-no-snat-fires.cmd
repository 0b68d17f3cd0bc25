check tests/golden/check/inbound-no-snat-fires.yaml
