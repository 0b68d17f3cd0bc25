check tests/golden/check/cross-continent-backhaul-clean.yaml
