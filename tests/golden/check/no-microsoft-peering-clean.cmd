check tests/golden/check/no-microsoft-peering-clean.yaml
