simulate --example trey-research --explain
