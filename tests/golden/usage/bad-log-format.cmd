usage --log-format apache tests/golden/usage/data/squid.log
