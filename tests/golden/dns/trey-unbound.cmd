dns --example trey-research --format unbound
