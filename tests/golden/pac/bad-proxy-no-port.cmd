pac --proxy 'PROXY 10.0.0.1'
