usage --log-format squid --top 0 --max-bad 3 tests/golden/usage/data/squid.log tests/golden/usage/data/w3c.log
