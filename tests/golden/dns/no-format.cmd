dns --example humongous-insurance
