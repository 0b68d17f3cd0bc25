usage merge -f json tests/golden/usage/data/huge.partial tests/golden/usage/data/huge.partial
