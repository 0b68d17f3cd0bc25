dns --example trey-research --format windows
