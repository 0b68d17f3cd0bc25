pac --type 3
