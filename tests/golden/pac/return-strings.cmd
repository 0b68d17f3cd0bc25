pac -t 1 --direct 'PROXY er-gw.example.net:8080; DIRECT' --proxy 'HTTPS [2001:db8::1]:443;SOCKS5 10.0.0.1:1080' --timestamp 1764547200 -o -
