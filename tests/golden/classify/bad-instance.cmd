classify -i mars outlook.office365.com
