verify --example trey-research -r tests/verify/data/trey-r0.frr.json
