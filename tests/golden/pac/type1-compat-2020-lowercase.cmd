pac --catalog data/endpoints/worldwide-2020092900.json --type 1 --style compat --lowercase --timestamp 1764547200
