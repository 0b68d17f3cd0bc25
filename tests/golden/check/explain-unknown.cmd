check --explain nope
