simulate --force tests/golden/check/preferred-circuit-disagrees-fires.yaml
