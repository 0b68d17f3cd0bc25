pac audit data/reference/ms-style-type2.pac
