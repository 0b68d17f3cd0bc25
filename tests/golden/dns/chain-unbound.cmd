dns tests/golden/dns/chain.yaml --format unbound
