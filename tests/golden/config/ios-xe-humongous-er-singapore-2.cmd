config --example humongous-insurance --router er-singapore-2 --format ios-xe
