config --example humongous-insurance --router er-singapore-1 --format junos
