pac --example humongous-insurance --group frankfurt-clients --timestamp 0
