check tests/golden/check/asn-private-fires.yaml
