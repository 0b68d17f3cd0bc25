var ok = 1;
throw new Error("no proxy today");
function FindProxyForURL(u, h) { return "DIRECT"; }
