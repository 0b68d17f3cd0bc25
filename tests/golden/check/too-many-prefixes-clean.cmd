check tests/golden/check/too-many-prefixes-clean.yaml
