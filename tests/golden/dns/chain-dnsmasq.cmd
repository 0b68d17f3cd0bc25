dns tests/golden/dns/chain.yaml --format dnsmasq
