pac --direct 'DIRECT;'
