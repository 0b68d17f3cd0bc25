pac audit --catalog data/endpoints/worldwide-2025-11-14.json --limit 5 data/reference/ms-style-type1.pac
