usage -f json --top 3 --format w3c tests/golden/usage/data/w3c.log
