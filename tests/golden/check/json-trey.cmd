check -f json --example trey-research
