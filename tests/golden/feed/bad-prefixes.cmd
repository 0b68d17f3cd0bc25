classify -c tests/golden/feed/bad-prefixes.json outlook.office365.com mail.example.com
