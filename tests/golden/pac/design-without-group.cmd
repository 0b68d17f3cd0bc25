pac --example trey-research
