config --example trey-research --router er-seattle --format junos
