config tests/golden/config/ipv6-peering.yaml --router er-seattle --format ios-xe
