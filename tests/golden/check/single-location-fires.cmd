check tests/golden/check/single-location-fires.yaml
