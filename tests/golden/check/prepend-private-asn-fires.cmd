check tests/golden/check/prepend-private-asn-fires.yaml
