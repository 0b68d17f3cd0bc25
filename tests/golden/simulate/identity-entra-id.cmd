simulate --example trey-research --to login.microsoftonline.com --explain
