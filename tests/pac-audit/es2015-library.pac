// Planted defect: 'const' and String.prototype.endsWith() are ES2015.
// Duktape 2.7 happens to accept both, so the decisions are still audited;
// pacparser (SpiderMonkey 1.7) has no endsWith and throws on every call.
const proxyServer = "PROXY 10.10.10.10:8080";

function FindProxyForURL(url, host)
{
    if (host.endsWith(".sharepoint.com") || host === "outlook.office365.com")
        return "DIRECT";
    return proxyServer;
}
