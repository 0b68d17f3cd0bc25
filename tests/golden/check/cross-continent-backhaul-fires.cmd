check tests/golden/check/cross-continent-backhaul-fires.yaml
