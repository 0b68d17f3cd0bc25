dns tests/golden/dns/lab.yaml -c tests/golden/dns/hostile-feed.json --format dnsmasq
