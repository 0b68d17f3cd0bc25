dns tests/golden/check/broken-everything.yaml --format bind
