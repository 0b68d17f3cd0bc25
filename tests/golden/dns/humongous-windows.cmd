dns --example humongous-insurance --format windows
