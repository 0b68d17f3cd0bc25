pac --proxy 'proxy a:80'
