check tests/golden/check/single-location-clean.yaml
