simulate tests/golden/check/preferred-circuit-disagrees-clean.yaml
