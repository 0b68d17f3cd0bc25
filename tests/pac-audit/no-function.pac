// Planted defect: the entry point is misspelt (FindProxyForUrl), so no
// browser ever calls it.
function FindProxyForUrl(url, host)
{
    if (shExpMatch(host, "*.sharepoint.com"))
        return "DIRECT";
    return "PROXY 10.10.10.10:8080";
}
