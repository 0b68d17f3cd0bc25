pac audit --catalog data/endpoints/worldwide-2020092900.json --limit 0 data/reference/ms-style-type1-2020092900.pac
