pac --instance usgovdod --style compat --timestamp 1764547200
