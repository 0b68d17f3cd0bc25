usage tests/golden/usage/data/wrap.log
