simulate --example trey-research --fail er-seattle --explain --to exchange
