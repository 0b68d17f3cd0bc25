pac --type
