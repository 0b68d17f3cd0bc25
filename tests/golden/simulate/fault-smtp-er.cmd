simulate --force tests/golden/simulate/fault-smtp-er.yaml
