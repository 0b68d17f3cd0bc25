simulate tests/golden/simulate/identity-no-entra-id.yaml --to login.microsoftonline.com --explain
