verify --example trey-research -r er-seattle=tests/verify/data/trey-gobgp-rib.json -f json
