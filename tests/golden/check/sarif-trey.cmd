check -f sarif --example trey-research
