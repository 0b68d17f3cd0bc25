check tests/golden/check/local-preference-low-clean.yaml
