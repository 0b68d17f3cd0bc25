usage tests/golden/usage/data/no-such.log
