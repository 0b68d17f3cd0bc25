check tests/golden/check/no-route-filter-clean.yaml
