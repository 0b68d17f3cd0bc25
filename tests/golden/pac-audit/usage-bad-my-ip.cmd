pac audit --my-ip 10.0.0.300 data/reference/ms-style-type2.pac
