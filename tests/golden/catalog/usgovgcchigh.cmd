catalog -i usgovgcchigh
