config tests/golden/check/prefix-not-owned-clean.yaml --format nftables -o build/golden-config/nat
