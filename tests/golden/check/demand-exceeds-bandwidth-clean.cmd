check tests/golden/check/demand-exceeds-bandwidth-clean.yaml
