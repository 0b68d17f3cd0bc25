classify -f json outlook.office365.com cdn.odc.officeapps.live.com 52.96.11.7 www.example.com 'x"y'
