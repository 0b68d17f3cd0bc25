classify outlook.office365.com https://contoso-my.sharepoint.com/personal/x cdn.odc.officeapps.live.com 52.96.11.7 '[2603:1006:1400::1]' www.example.com
