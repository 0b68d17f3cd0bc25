pac audit a.pac b.pac
