classify --help
