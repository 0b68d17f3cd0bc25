verify --example trey-research --site hq -r er-seattle=tests/verify/data/trey-r0.frr.json
