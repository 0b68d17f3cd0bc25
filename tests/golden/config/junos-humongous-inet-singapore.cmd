config --example humongous-insurance --router inet-singapore --format junos
