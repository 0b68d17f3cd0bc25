check tests/golden/check/bandwidth-not-offered-clean.yaml
