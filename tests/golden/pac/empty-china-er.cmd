pac --instance china --timestamp 1764547200
