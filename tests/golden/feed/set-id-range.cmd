classify -c tests/golden/feed/set-id-range.json a.example.com
