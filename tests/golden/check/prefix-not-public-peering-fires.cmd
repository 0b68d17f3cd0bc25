check tests/golden/check/prefix-not-public-peering-fires.yaml
