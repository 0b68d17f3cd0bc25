dns tests/golden/dns/hostile-resolver.yaml --format unbound
