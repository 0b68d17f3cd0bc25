// Planted defect: a malformed return string ("PROXY=host:port") for the
// Internet path, and no return at all for plain host names.
function FindProxyForURL(url, host)
{
    if (isPlainHostName(host))
        return;
    if (shExpMatch(host, "*.sharepoint.com")
        || shExpMatch(host, "outlook.office365.com"))
        return "DIRECT";
    return "PROXY=10.10.10.10:8080";
}
