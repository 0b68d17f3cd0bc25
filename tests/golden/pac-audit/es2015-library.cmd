pac audit --catalog data/endpoints/worldwide-2025-11-14.json --limit 3 tests/pac-audit/es2015-library.pac
