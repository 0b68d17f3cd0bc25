plan tests/golden/config/ipv6-peering.yaml -o build/golden-plan/routers-left-out
