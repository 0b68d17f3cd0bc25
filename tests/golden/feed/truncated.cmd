classify -c tests/golden/feed/truncated.json outlook.office365.com mail.example.com
