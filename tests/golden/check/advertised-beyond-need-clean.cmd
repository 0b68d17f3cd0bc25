check tests/golden/check/advertised-beyond-need-clean.yaml
