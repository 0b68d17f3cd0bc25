simulate tests/golden/simulate/dns-fallback.yaml --from frankfurt --failures single
