simulate tests/golden/simulate/dns-cut.yaml --fail hq-chicago-frankfurt --from frankfurt --format json
