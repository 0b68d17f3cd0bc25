simulate --example humongous-insurance --fail er-chicago-1
