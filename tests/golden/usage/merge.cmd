usage merge --example humongous-insurance tests/golden/usage/data/b.partial tests/golden/usage/data/a.partial
