// Planted defect: the loop that strips labels from the left keeps the dot
// (substring(i) instead of substring(i + 1)), so for any host whose suffix
// is not in the table it never ends.
var table = {
    ".sharepoint.com": "DIRECT",
    ".lync.com": "DIRECT"
};

function FindProxyForURL(url, host)
{
    var h = host;
    while (h.indexOf(".") >= 0) {
        var i = h.indexOf(".");
        h = h.substring(i);
        if (table.hasOwnProperty(h))
            return table[h];
    }
    return "PROXY 10.10.10.10:8080";
}
