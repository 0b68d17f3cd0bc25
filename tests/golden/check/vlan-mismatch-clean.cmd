check tests/golden/check/vlan-mismatch-clean.yaml
