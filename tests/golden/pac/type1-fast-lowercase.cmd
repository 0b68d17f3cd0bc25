pac --type 1 --lowercase --timestamp=1764547200
