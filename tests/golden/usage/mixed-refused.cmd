usage tests/golden/usage/data/squid.log tests/golden/usage/data/w3c.log
