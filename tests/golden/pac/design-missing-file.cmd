pac --design examples/hq.yaml --site ams
