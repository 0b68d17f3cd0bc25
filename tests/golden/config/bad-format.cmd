config --example trey-research --format cisco
