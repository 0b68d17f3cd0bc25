check tests/golden/check/low-headroom-fires.yaml
