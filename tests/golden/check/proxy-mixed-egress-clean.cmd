check tests/golden/check/proxy-mixed-egress-clean.yaml
