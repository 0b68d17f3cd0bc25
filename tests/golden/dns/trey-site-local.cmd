dns --example trey-research -f unbound --site hq
