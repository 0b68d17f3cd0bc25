check tests/golden/check/inbound-no-snat-clean.yaml
