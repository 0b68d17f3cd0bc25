check tests/golden/check/broken-everything.yaml
