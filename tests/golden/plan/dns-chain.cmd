plan tests/golden/dns/chain.yaml -o build/golden-plan/dns-chain
