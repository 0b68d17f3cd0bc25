pac audit --bogus data/reference/ms-style-type2.pac
