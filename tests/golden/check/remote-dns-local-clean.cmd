check tests/golden/check/remote-dns-local-clean.yaml
