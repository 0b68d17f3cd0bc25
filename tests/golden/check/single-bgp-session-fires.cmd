check tests/golden/check/single-bgp-session-fires.yaml
