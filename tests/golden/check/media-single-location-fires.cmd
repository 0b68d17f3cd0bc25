check tests/golden/check/media-single-location-fires.yaml
