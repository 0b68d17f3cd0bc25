simulate --force tests/golden/simulate/fault-same-prefix.yaml
