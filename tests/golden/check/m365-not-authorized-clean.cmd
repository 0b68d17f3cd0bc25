check tests/golden/check/m365-not-authorized-clean.yaml
