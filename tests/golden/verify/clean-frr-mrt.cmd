verify --example trey-research -r er-seattle=tests/verify/data/trey-r0.frr-rib.mrt -r er-seattle=mrt:tests/verify/data/trey-r0.frr-rib.mrt.gz
