usage tests/golden/usage/data/squid.log
