catalog -i worldwide
