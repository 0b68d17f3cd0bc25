simulate --example humongous-insurance --failures single
