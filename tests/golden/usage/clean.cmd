usage --example trey-research --top 5 tests/golden/usage/data/clean.log
