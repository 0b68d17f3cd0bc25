check tests/golden/check/community-undocumented-clean.yaml
