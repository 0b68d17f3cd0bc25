classify -c tests/golden/feed/hostile-urls.json outlook.office365.com mail.example.com
