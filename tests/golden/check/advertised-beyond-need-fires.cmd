check tests/golden/check/advertised-beyond-need-fires.yaml
