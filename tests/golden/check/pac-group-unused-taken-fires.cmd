check tests/golden/check/pac-group-unused-taken-fires.yaml
