config --example humongous-insurance --router inet-frankfurt --format ios-xe
