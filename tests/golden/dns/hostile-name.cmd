dns tests/golden/dns/hostile-name.yaml --format bind
