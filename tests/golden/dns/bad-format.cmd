dns --example humongous-insurance --format nsd
