check tests/golden/check/more-specific-fallback-clean.yaml
