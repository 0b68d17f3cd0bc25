verify --example trey-research -r er-seattle=tests/verify/data/trey-r0.frr-advertised-ms-faults.json -a inet-1=tests/verify/data/trey-r1.frr-advertised-isp-faults.json
