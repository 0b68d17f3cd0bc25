dns --list-zones
