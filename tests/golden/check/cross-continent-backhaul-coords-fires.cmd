check tests/golden/check/cross-continent-backhaul-coords-fires.yaml
