check tests/golden/check/prefix-not-public-fires.yaml
