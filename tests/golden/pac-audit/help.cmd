pac audit --help
