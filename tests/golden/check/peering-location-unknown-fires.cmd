check tests/golden/check/peering-location-unknown-fires.yaml
