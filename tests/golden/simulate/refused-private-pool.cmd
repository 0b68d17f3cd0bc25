simulate --force tests/golden/simulate/refused-private-pool.yaml
