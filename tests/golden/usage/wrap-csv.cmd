usage --output csv tests/golden/usage/data/wrap.log
