check tests/golden/check/asn-private-clean.yaml
