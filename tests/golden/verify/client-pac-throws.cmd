verify --example trey-research --client --pac tests/verify/data/throws.pac
