classify -f yaml outlook.office365.com
