check tests/golden/check/too-many-prefixes-fires.yaml
