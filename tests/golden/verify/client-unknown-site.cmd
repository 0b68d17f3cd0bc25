verify --example trey-research --client --site nowhere
