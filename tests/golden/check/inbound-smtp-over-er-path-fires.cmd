check tests/golden/check/inbound-smtp-over-er-path-fires.yaml
