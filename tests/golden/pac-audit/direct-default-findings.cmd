pac audit --catalog data/endpoints/worldwide-2025-11-14.json --limit 2 tests/pac-audit/er-via-proxy.pac
