check tests/golden/check/pac-group-unused-fires.yaml
