config tests/golden/check/prepend-private-asn-clean.yaml --router er-1 --format junos
