exceptions -f json -c data/endpoints/worldwide-2020092900.json
