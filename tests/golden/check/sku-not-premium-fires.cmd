check tests/golden/check/sku-not-premium-fires.yaml
