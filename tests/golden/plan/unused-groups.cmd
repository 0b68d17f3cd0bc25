plan tests/golden/plan/unused-groups.yaml -o build/golden-plan/unused-groups
