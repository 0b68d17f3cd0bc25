check tests/golden/check/inbound-over-er-fires.yaml
