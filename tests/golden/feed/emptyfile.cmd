classify -c tests/golden/feed/emptyfile.json outlook.office365.com mail.example.com
