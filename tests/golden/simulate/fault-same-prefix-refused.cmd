simulate tests/golden/simulate/fault-same-prefix.yaml
