usage --bucket 7x tests/golden/usage/data/squid.log
