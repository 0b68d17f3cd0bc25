classify -f tsv
