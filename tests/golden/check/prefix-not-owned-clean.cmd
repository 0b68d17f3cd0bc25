check tests/golden/check/prefix-not-owned-clean.yaml
