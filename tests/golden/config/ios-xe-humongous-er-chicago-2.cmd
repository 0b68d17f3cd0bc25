config --example humongous-insurance --router er-chicago-2 --format ios-xe
