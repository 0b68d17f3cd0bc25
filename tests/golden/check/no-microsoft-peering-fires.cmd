check tests/golden/check/no-microsoft-peering-fires.yaml
