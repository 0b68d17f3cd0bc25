usage -f json --series tests/golden/usage/data/wrap.log
