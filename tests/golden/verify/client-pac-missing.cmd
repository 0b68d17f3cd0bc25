verify --example trey-research --client --pac tests/verify/data/no-such.pac
