usage --top 3 tests/golden/usage/data/bounds-w3c.log
