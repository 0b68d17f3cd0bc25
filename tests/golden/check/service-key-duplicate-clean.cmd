check tests/golden/check/service-key-duplicate-clean.yaml
