simulate --example humongous-insurance --from frankfurt --to skype --explain
