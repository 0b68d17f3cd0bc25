classify -c tests/golden/feed/bad-fields.json outlook.office365.com mail.example.com
