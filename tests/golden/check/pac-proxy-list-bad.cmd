check tests/golden/check/pac-proxy-list-bad.yaml
