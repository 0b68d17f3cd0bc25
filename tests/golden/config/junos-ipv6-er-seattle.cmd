config tests/golden/config/ipv6-peering.yaml --router er-seattle --format junos
