verify --example trey-research -r er-seattle=tests/verify/data/README.md
