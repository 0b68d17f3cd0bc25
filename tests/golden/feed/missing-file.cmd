classify -c tests/golden/feed/no-such-file.json outlook.office365.com
