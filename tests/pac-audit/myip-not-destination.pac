// Planted defect: the intranet rule tests the CLIENT's address
// (myIpAddress()) where the DESTINATION (dnsResolve(host)) was meant. Every
// client inside 10.0.0.0/8 therefore sends everything DIRECT, Internet-only
// Microsoft 365 hosts included.
function FindProxyForURL(url, host)
{
    var direct = "DIRECT";
    var proxyServer = "PROXY 10.10.10.10:8080";

    // Intranet destinations go direct.
    if (isPlainHostName(host) || isInNet(myIpAddress(), "10.0.0.0", "255.0.0.0"))
    {
        return direct;
    }

    if (shExpMatch(host, "*.sharepoint.com")
        || shExpMatch(host, "outlook.office365.com")
        || shExpMatch(host, "outlook.office.com"))
    {
        return direct;
    }

    return proxyServer;
}
