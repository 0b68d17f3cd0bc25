check tests/golden/check/no-n-minus-1-fires.yaml
