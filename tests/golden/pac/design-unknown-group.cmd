pac --example humongous-insurance --group nope
