catalog -i china
