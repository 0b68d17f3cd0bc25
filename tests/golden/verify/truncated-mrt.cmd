verify --example trey-research -r er-seattle=tests/verify/data/trey-r0.frr-rib-truncated.mrt
