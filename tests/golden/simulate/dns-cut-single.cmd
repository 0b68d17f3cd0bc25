simulate tests/golden/simulate/dns-cut.yaml --failures single
