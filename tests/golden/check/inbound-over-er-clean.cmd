check tests/golden/check/inbound-over-er-clean.yaml
