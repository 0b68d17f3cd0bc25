dns --example humongous-insurance -f bind --site hq-chicago
