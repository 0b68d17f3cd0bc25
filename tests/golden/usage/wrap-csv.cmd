usage -f csv tests/golden/usage/data/wrap.log
