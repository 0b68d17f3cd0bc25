catalog -i usgovdod
