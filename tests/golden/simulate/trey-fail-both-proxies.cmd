simulate --example trey-research --fail proxy-1 --fail proxy-2
