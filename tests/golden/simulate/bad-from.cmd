simulate --example humongous-insurance --from paris
