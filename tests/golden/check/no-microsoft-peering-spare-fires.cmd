check tests/golden/check/no-microsoft-peering-spare-fires.yaml
