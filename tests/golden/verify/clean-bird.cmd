verify --example trey-research --router er-seattle=bird:tests/verify/data/trey-r0.bird.txt --router er-seattle=tests/verify/data/trey-r0.bird-rib.mrt
