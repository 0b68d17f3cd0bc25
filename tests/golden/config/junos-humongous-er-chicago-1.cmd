config --example humongous-insurance --router er-chicago-1 --format junos
