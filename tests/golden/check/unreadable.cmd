check tests/golden/plan/unreadable.yaml
