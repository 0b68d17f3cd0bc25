check tests/golden/check/internet-hairpin-clean.yaml
