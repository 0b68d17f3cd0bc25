config --example humongous-insurance --router inet-chicago --format junos
