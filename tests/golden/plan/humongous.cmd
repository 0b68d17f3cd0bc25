plan --example humongous-insurance -o build/golden-plan/humongous
