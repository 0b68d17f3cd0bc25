check tests/golden/check/prefix-both-ways-clean.yaml
