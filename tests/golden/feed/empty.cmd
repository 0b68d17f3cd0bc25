classify -c tests/golden/feed/empty.json outlook.office365.com mail.example.com
