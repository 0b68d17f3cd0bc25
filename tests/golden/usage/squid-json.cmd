usage --example humongous-insurance -f json --series --top 5 tests/golden/usage/data/squid.log
