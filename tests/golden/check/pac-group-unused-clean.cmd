check tests/golden/check/pac-group-unused-clean.yaml
