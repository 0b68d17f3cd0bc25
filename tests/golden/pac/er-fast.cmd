pac --timestamp 1764547200
