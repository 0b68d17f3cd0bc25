check tests/golden/check/override-redundant-clean.yaml
