check tests/golden/check/prefix-multi-circuit-clean.yaml
