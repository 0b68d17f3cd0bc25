simulate tests/golden/simulate/dns-reroute.yaml --fail hq-chicago-frankfurt --from frankfurt
