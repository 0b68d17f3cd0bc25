pac audit --catalog data/endpoints/worldwide-2025-11-14.json tests/pac-audit/no-function.pac
