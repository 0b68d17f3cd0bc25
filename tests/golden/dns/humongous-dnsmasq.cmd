dns --example humongous-insurance --format dnsmasq
