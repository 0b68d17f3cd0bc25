check tests/golden/check/inbound-smtp-over-er-fires.yaml
