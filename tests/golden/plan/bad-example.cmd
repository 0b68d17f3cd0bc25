plan --example nosuch -o build/golden-plan/nosuch
