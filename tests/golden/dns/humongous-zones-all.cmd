dns --example humongous-insurance --format unbound --zones all
