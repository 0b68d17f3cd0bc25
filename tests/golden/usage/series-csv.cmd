usage --example trey-research --series -f csv --bucket 10m tests/golden/usage/data/squid.log
