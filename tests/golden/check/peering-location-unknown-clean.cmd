check tests/golden/check/peering-location-unknown-clean.yaml
