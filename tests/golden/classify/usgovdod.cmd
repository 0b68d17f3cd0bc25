classify -i usgovdod -f tsv outlook-dod.office365.us webmail.apps.mil
