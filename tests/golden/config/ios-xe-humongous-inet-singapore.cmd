config --example humongous-insurance --router inet-singapore --format ios-xe
