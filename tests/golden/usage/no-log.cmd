usage --example trey-research
