check tests/golden/check/asn-reserved-fires.yaml
