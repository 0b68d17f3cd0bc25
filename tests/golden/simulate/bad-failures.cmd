simulate --example trey-research --failures double
