check tests/golden/check/vlan-mismatch-fires.yaml
