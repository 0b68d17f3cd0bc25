simulate tests/golden/simulate/dns-fallback.yaml --fail hq-chicago-frankfurt --from frankfurt --to exchange --explain
