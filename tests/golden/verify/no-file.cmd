verify --example trey-research -r er-seattle=tests/verify/data/no-such-file.json
