check tests/golden/check/sku-not-premium-clean.yaml
