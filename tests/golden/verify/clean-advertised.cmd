verify --example trey-research -r er-seattle=tests/verify/data/trey-r0.frr-advertised-ms.json --advertised inet-1=frr:tests/verify/data/trey-r1.frr-advertised-isp.json
