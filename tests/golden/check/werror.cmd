check -Werror --example trey-research
