simulate --example humongous-insurance --from frankfurt --to sharepoint --format json
