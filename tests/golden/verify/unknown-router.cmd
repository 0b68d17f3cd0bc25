verify --example trey-research -r er-nowhere=tests/verify/data/trey-r0.frr.json
