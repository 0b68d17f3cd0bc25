check -Wbogus --example trey-research
