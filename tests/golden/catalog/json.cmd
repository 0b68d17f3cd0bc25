catalog -f json
