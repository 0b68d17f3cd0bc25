config --example humongous-insurance --format bird
