plan tests/golden/check/broken-everything.yaml -o build/golden-plan/broken
