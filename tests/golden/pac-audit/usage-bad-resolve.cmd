pac audit --resolve nohost data/reference/ms-style-type2.pac
