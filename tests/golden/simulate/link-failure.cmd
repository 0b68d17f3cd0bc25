simulate --example trey-research --to outlook.office365.com --fail er-seattle/primary
