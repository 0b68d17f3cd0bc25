check tests/golden/check/single-bgp-session-clean.yaml
