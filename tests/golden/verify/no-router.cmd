verify --example trey-research
