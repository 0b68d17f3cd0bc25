usage --series --top 3 tests/golden/usage/data/bounds.log
