check tests/golden/check/asn-reserved-clean.yaml
