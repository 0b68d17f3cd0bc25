check tests/golden/check/internet-hairpin-fires.yaml
