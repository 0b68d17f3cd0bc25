check tests/golden/check/media-single-location-clean.yaml
