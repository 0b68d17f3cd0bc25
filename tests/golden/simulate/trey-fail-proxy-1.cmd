simulate --example trey-research --fail proxy-1
