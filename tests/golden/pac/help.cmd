pac --help
