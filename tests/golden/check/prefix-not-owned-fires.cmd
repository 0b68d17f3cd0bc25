check tests/golden/check/prefix-not-owned-fires.yaml
