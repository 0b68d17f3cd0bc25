pac --style compat --timestamp 1764547200
