classify -c tests/golden/feed/trailing.json outlook.office365.com mail.example.com
