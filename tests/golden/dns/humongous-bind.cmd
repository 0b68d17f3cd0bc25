dns --example humongous-insurance --format bind
