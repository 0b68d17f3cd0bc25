check tests/golden/check/default-route-clean.yaml
