check tests/golden/check/more-specific-fallback-fires.yaml
