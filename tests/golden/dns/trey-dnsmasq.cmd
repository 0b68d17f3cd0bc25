dns --example trey-research --format dnsmasq
