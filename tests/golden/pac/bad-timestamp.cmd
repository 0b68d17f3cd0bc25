pac --timestamp yesterday
