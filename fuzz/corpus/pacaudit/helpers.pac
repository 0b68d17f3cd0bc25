function FindProxyForURL(u, h) {
  return dateRange(1, "JAN", 2025, "GMT") ? sortIpAddressList("10.0.0.2;::1") && "DIRECT" : isInNetEx(dnsResolveEx(h), "203.0.113.0/24") ? "PROXY [2001:db8::1]:8080; SOCKS5 s:1" : 42;
}
