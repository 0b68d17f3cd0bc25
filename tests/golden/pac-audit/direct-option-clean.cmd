pac audit --catalog data/endpoints/worldwide-2025-11-14.json --direct 'PROXY er-proxy.contoso.com:8080' tests/pac-audit/er-via-proxy.pac
