dns --example humongous-insurance --format unbound
