classify -c tests/golden/feed/dup-id.json outlook.office365.com mail.example.com
