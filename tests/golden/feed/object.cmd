classify -c tests/golden/feed/object.json outlook.office365.com mail.example.com
