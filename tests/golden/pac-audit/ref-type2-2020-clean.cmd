pac audit --catalog data/endpoints/worldwide-2020092900.json data/reference/ms-style-type2-2020092900.pac
