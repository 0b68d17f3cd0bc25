classify -i china -f tsv partner.outlook.cn
