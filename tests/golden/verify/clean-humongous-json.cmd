verify --example humongous-insurance -r er-chicago-1=tests/verify/data/humongous-r0.frr.json -r er-chicago-1=tests/verify/data/humongous-r0.frr-rib.mrt -f json
