dns tests/golden/dns/nosuch.yaml --format bind
