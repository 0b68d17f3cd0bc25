check tests/golden/check/no-m365-community-clean.yaml
