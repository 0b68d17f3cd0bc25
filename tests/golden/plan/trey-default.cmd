plan -o build/golden-plan/trey
