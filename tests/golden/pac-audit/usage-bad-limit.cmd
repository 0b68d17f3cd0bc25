pac audit --limit -1 data/reference/ms-style-type2.pac
