check tests/golden/check/prefix-both-ways-fires.yaml
