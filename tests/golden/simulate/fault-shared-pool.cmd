simulate --force tests/golden/simulate/fault-shared-pool.yaml --from singapore
