simulate tests/golden/simulate/pac-one-proxy-fail.yaml --fail proxy-1
