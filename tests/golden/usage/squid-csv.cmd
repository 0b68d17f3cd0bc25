usage --example humongous-insurance -f csv tests/golden/usage/data/squid.log
