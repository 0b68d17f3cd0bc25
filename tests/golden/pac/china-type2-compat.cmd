pac --instance china --type 2 --style compat --timestamp 1764547200
