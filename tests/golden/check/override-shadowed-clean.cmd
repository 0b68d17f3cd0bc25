check tests/golden/check/override-shadowed-clean.yaml
