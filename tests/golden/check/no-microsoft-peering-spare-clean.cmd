check tests/golden/check/no-microsoft-peering-spare-clean.yaml
