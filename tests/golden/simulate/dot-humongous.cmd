simulate --example humongous-insurance --format dot
