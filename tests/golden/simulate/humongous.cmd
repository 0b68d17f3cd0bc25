simulate --example humongous-insurance
