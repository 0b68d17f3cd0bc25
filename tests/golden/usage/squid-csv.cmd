usage --example humongous-insurance --output csv tests/golden/usage/data/squid.log
