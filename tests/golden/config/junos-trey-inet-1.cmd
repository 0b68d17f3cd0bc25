config --example trey-research --router inet-1 --format junos
