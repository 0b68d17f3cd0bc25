usage --example humongous-insurance tests/golden/usage/data/w3c.log
