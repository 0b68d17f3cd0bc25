simulate --example trey-research --fail er-sattle
