plan tests/golden/plan/unreadable.yaml -o build/golden-plan/unreadable
