classify -c - 
