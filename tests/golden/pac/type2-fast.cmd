pac --type 2 --timestamp 1764547200
