classify -c tests/golden/feed/wrong-shape.json outlook.office365.com mail.example.com
