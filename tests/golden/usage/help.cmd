usage --help
