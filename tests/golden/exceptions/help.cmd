exceptions --help
