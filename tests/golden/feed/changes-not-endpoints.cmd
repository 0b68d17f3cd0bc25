classify -c data/endpoints/changes-sample-2020012800.json outlook.office365.com
