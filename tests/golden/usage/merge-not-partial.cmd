usage merge --example humongous-insurance tests/golden/usage/data/squid.log
