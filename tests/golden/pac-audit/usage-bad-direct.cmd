pac audit --direct 'PROXY' data/reference/ms-style-type2.pac
