check tests/golden/check/asn-not-owned-fires.yaml
