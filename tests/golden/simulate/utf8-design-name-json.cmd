simulate tests/golden/simulate/utf8-trey-é.yaml --from hq --to sharepoint --format json
