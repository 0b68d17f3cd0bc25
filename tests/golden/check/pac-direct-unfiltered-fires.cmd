check tests/golden/check/pac-direct-unfiltered-fires.yaml
