pac audit --catalog data/endpoints/worldwide-2025-11-14.json --limit 3 tests/pac-audit/bad-return.pac
