dns --example humongous-insurance -f bind --site frankfurt
