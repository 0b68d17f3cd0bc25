check tests/golden/check/prepend-private-asn-clean.yaml
