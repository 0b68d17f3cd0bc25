// Planted defect: the fall-through returns 'proxy', which is never
// declared (the variable is proxyServer). Every host that reaches the last
// line throws a ReferenceError, and the browser falls back to DIRECT.
function FindProxyForURL(url, host)
{
    var direct = "DIRECT";
    var proxyServer = "PROXY 10.10.10.10:8080";

    if (shExpMatch(host, "*.sharepoint.com")
        || shExpMatch(host, "*.lync.com")
        || shExpMatch(host, "outlook.office365.com")
        || shExpMatch(host, "outlook.office.com"))
    {
        return direct;
    }

    return proxy;
}
