config tests/golden/check/broken-everything.yaml -o build/golden-config/broken
