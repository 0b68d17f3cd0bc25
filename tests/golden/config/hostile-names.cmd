config tests/golden/config/hostile-names.yaml --format junos -o build/golden-config/hostile
