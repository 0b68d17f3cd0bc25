<!DOCTYPE html>
<html><head><title>407 Proxy Authentication Required</title></head>
<body><h1>Proxy Authentication Required</h1>
<p>The PAC URL returned this error page instead of the PAC file.</p>
</body></html>
