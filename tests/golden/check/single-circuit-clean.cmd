check tests/golden/check/single-circuit-clean.yaml
