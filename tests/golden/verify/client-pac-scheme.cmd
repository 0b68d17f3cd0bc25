verify --example trey-research --client --pac file:///etc/passwd
