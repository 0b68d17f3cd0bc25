pac --example humongous-insurance --site frankfurt --proxy 'PROXY 1.2.3.4:8080'
