exceptions -i usgovgcchigh
