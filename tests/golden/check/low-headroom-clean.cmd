check tests/golden/check/low-headroom-clean.yaml
