verify --example trey-research --client -r er-seattle=tests/verify/data/trey-r0.frr.json
