check tests/golden/check/asn-reserved-microsoft-fires.yaml
