check tests/golden/check/m365-not-authorized-fires.yaml
