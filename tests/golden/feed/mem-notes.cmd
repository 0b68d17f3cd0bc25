catalog -c data/endpoints/worldwide-2025-12-01-with-MEM.json -v
