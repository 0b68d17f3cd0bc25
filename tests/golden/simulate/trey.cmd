simulate --example trey-research
