check --explain MR-SYM-1
