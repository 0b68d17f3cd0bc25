usage merge --example trey-research tests/golden/usage/data/a.partial
