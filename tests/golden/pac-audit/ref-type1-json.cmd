pac audit --catalog data/endpoints/worldwide-2025-11-14.json -f json --limit 2 data/reference/ms-style-type1.pac
