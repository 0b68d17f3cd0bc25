dns --list-zones --zones all
