dns --help
