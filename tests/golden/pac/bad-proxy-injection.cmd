pac --proxy 'PROXY a:80"; return "DIRECT'
