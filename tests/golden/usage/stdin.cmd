usage --example humongous-insurance --top 3 --threads 3 -
