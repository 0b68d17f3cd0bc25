check tests/golden/check/no-bfd-fires.yaml
