usage --top 3 tests/golden/usage/data/truncated.log.gz
