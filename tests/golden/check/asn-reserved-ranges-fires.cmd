check tests/golden/check/asn-reserved-ranges-fires.yaml
