check -Wno-single-circuit --example trey-research
