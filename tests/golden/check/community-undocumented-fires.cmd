check tests/golden/check/community-undocumented-fires.yaml
