simulate --example trey-research --fail er-seattle
