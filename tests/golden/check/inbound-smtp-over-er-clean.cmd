check tests/golden/check/inbound-smtp-over-er-clean.yaml
