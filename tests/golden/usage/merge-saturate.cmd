usage merge tests/golden/usage/data/huge.partial tests/golden/usage/data/huge.partial
