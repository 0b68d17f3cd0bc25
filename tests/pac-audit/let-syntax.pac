// Planted defect: ES2015 'let' and an arrow function. Chromium accepts this
// file; pacparser (SpiderMonkey 1.7) and libproxy's Duktape do not, and
// libproxy then silently sends everything DIRECT.
let direct = "DIRECT";
let proxyServer = "PROXY 10.10.10.10:8080";
var suffixes = [".sharepoint.com", ".lync.com"];

function FindProxyForURL(url, host)
{
    if (suffixes.some((s) => dnsDomainIs(host, s)))
        return direct;
    return proxyServer;
}
