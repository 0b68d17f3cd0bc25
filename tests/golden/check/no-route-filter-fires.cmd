check tests/golden/check/no-route-filter-fires.yaml
