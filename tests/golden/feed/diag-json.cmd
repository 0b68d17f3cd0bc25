classify -c tests/golden/feed/hostile-urls.json --diag-format=json x.example.com
