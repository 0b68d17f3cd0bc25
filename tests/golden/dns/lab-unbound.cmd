dns tests/golden/dns/lab.yaml --format unbound
