check tests/golden/check/bandwidth-not-offered-fires.yaml
