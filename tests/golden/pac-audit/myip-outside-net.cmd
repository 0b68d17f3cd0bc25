pac audit --catalog data/endpoints/worldwide-2025-11-14.json --my-ip 192.0.2.10 tests/pac-audit/myip-not-destination.pac
