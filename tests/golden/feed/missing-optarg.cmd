classify -c tests/golden/feed/dup-id.json -c
