usage --bucket 15m --series --top 3 --threads 1 tests/golden/usage/data/squid.log
