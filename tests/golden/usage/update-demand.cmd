usage --example humongous-insurance --update-demand tests/golden/usage/data/squid.log
