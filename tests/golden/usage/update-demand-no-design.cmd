usage --update-demand tests/golden/usage/data/squid.log
