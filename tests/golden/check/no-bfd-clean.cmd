check tests/golden/check/no-bfd-clean.yaml
