classify -c tests/golden/feed/host-bits.json outlook.office365.com mail.example.com
