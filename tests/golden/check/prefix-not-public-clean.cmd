check tests/golden/check/prefix-not-public-clean.yaml
