simulate --force tests/golden/simulate/session-over-200.yaml
