check tests/golden/check/proxy-mixed-egress-fires.yaml
