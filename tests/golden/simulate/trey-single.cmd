simulate --example trey-research --failures single
