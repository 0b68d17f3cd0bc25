check tests/golden/check/pac-direct-unfiltered-clean.yaml
