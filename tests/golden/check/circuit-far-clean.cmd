check tests/golden/check/circuit-far-clean.yaml
