check tests/golden/check/asn-not-owned-clean.yaml
