dns --example trey-research --format bind
