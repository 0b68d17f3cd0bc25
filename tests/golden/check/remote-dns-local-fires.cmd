check tests/golden/check/remote-dns-local-fires.yaml
