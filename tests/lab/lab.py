#!/usr/bin/env python3
"""lab.py - the BGP lab's plan, daemon configurations and assertions
(tests/lab/lab.sh drives it; docs/lab.md).

  lab.py plan DESC.json WORKDIR [frr|bird]
        write the topology (WORKDIR/topology) and the Microsoft side's
        and the Internet router's BIRD configurations, from the design
        and the customer edges' configurations `m365route config`
        generated in WORKDIR/frr or WORKDIR/bird (the edges' daemon)

DESC.json is labdesc's output: the design's circuits and the catalog's
ExpressRoute prefixes with their communities, from the library.
"""
import ipaddress
import json
import os
import re
import sys

MS_ASN = 12076
INET_ASN = 64500  # the Internet router (a private ASN: lab only)
# Routes Microsoft's side sends that the customer edge must refuse.
REGIONAL = 51006  # west-us, added to a few genuine routes
AZURE_ONLY = 51004  # east-us: an Azure regional community alone
REFUSED_CANDIDATES = ["0.0.0.0/0", "10.99.0.0/16", "104.40.0.0/16",
                      "40.64.0.0/16", "191.232.0.0/16"]
# An address outside every catalog prefix: where a host without an
# address in the simulation (www.example.com) is looked up.
OUTSIDE = "93.184.215.14"
BOGONS = ["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
          "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24",
          "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
          "203.0.113.0/24", "224.0.0.0/3"]


def net(s):
    return ipaddress.ip_network(s, strict=False)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def ident(s):
    """A name safe in FRR and BIRD identifiers (the design's names are
    validated by the loader; this only maps punctuation)."""
    return re.sub(r"[^A-Za-z0-9]", "_", s)


def links(c):
    """The circuit's links: [(kind, customer ip, microsoft ip, plen, vlan)]
    by the /30 rule (customer first usable, Microsoft second; a /29
    split, first half primary)."""
    if not c["microsoft_peering"]:
        return []
    nets = []
    if c["primary"]:
        nets.append(("primary", net(c["primary"]), c["vlan"]))
        if c["secondary"]:
            nets.append(("secondary", net(c["secondary"]),
                         c["secondary_vlan"]))
    elif c["subnet"]:
        halves = list(net(c["subnet"]).subnets(prefixlen_diff=1))
        nets.append(("primary", halves[0], c["vlan"]))
        nets.append(("secondary", halves[1], c["secondary_vlan"]))
    if c["sessions"] < 2:
        nets = nets[:1]
    out = []
    for kind, n, vlan in nets:
        hosts = list(n.hosts())
        out.append((kind, str(hosts[0]), str(hosts[1]), n.prefixlen, vlan))
    return out


def frr_facts(path):
    """What a generated frr.conf says that the lab must wire: its BGP AS
    and its interfaces with their addresses."""
    asn, ifaces, cur = None, {}, None
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"router bgp (\d+)", line)
            if m and asn is None:
                asn = int(m.group(1))
            m = re.match(r"interface (\S+)", line)
            if m:
                cur = m.group(1)
                ifaces.setdefault(cur, [])
                continue
            m = re.match(r" ip address (\S+)", line)
            if m and cur:
                ifaces[cur].append(m.group(1))
            if line.startswith("exit"):
                cur = None
    return asn, ifaces


def bird_facts(path):
    """What a generated BIRD configuration says that the lab must wire:
    its BGP AS, its links' interfaces with the customer address (from
    the link comments: BIRD configures no interfaces) and its BGP
    protocols towards Microsoft (name -> neighbour address)."""
    asn, ifaces, peers = None, {}, {}
    port, net_of = {}, {}
    cur = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.search(r"(primary|secondary) link: .*sub-interface (\S+)$",
                          line)
            if m:
                port[m.group(1)] = m.group(2)
            m = re.search(r"(primary|secondary) link (\d+\.\S+/\d+): "
                          r"customer (\S+) ", line)
            if m:
                net_of[m.group(1)] = "%s/%s" % (m.group(3),
                                                m.group(2).split("/")[1])
            m = re.match(r"protocol bgp (\S+)", line)
            if m:
                cur = m.group(1)
            m = re.match(r"\s+local (?:\S+ )?as (\d+);", line)
            if m and asn is None:
                asn = int(m.group(1))
            m = re.match(r"\s+neighbor (\S+) as 12076;", line)
            if m and cur:
                peers[cur] = m.group(1)
    for role, ifn in port.items():
        if role in net_of:
            ifaces.setdefault(ifn, []).append(net_of[role])
    return asn, ifaces, peers


def config_facts(cfg_dir, edge, name):
    """(asn, interfaces, Microsoft peers by protocol) of router name's
    generated configuration in format edge."""
    path = os.path.join(cfg_dir, "%s.%s.conf" % (name, edge))
    if edge == "bird":
        return bird_facts(path)
    asn, ifaces = frr_facts(path)
    return asn, ifaces, {}


def topology(desc, cfg_dir, edge="frr"):
    """Namespaces and links. One namespace per router `m365route config`
    writes (r<k>: an ExpressRoute circuit's edge, or an Internet
    circuit's), one per site with routers (st<i>: the site's interior,
    iBGP route reflector for its edges: where the site's traffic
    chooses a circuit), one per ExpressRoute circuit link (ms<c><p|s>:
    Microsoft's router, AS 12076), Microsoft's backbone (core) and the
    Internet (inet)."""
    t = {"edge": edge, "routers": [], "sites": {}, "ms": [], "inet": [],
         "errors": []}
    sfx = ".%s.conf" % edge
    names = sorted(f[:-len(sfx)] for f in os.listdir(cfg_dir)
                   if f.endswith(sfx))
    er = {c["name"]: (i, c) for i, c in enumerate(desc["er"])}
    inet = {c["name"]: (i, c) for i, c in enumerate(desc["inet"])}
    k = 0
    for rk, name in enumerate(names):
        asn, ifaces, peers = config_facts(cfg_dir, edge, name)
        if name in er:
            kind, (ci, c) = "er", er[name]
        elif name in inet:
            kind, (ci, c) = "inet", inet[name]
        else:
            t["errors"].append("router %s is no circuit of the design" % name)
            continue
        site = c["site"]
        si = desc["sites"].index(site)
        st = t["sites"].setdefault(site, {"ns": "st%d" % si, "asn": asn,
                                          "routers": []})
        if st["asn"] != asn:
            t["errors"].append("router %s is AS %s, another router of site "
                               "%s AS %s: no iBGP between them" %
                               (name, asn, site, st["asn"]))
        r = {"name": name, "kind": kind, "ns": "r%d" % rk, "site": site,
             "asn": asn, "peers": peers,
             "lab_if": "lab0", "st_if": "r%d" % rk,
             "st_ip": "172.31.%d.1" % rk, "lab_ip": "172.31.%d.2" % rk}
        st["routers"].append(r["ns"])
        t["routers"].append(r)
        if kind == "er":
            for kind_l, cip, mip, plen, vlan in links(c):
                want = "%s/%d" % (cip, plen)
                port = [i for i, a in ifaces.items() if want in a]
                if not port:
                    t["errors"].append(
                        "router %s configures no interface with %s, the "
                        "customer address of its %s link" %
                        (name, want, kind_l))
                    continue
                port, _, v = port[0].partition(".")
                L = kind_l[0]
                proto = [n for n, ip in peers.items() if ip == mip]
                t["ms"].append({
                    "proto": proto[0] if proto else None,
                    "ns": "ms%d%s" % (ci, L), "circuit": name,
                    "link": kind_l, "site": site, "router": r["ns"],
                    "asn": asn, "port": port, "vlan": int(v) if v else None,
                    "ms_if": "c%s" % L, "cip": cip, "mip": mip,
                    "plen": plen, "bfd": c["bfd"],
                    "core_if": "m%d%s" % (ci, L),
                    "core_ip": "198.18.%d.1" % k,
                    "ms_core_ip": "198.18.%d.2" % k})
                k += 1
        else:
            t["inet"].append({
                "circuit": name, "site": site, "router": r["ns"],
                "asn": asn, "port": "eth0", "inet_if": "c%d" % ci,
                "cip": "100.64.%d.1" % ci, "iip": "100.64.%d.2" % ci})
    return t


def microsoft_routes(desc):
    """prefix -> communities: the catalog's prefixes with their service
    communities, a few with a regional one too, and the refused routes."""
    routes = {}
    for p in desc["microsoft"]:
        routes.setdefault(p["prefix"], set()).add((MS_ASN, p["community"]))
    for pfx in sorted(routes)[:3]:
        routes[pfx].add((MS_ASN, REGIONAL))
    cat = [net(p) for p in routes]
    refused = {}
    for cand in REFUSED_CANDIDATES:
        n = net(cand)
        if cand != "0.0.0.0/0" and any(n.overlaps(c) for c in cat):
            continue
        refused[cand] = n
    out = dict(routes)
    azure = None
    rfc1918 = None
    for cand in refused:
        if cand == "0.0.0.0/0":
            out[cand] = {(MS_ASN, 5100)}
        elif net(cand).is_private and rfc1918 is None:
            rfc1918 = cand
            out[cand] = {(MS_ASN, 5010)}
        elif azure is None and not net(cand).is_private:
            azure = cand
            out[cand] = {(MS_ASN, AZURE_ONLY)}
    return out, ["0.0.0.0/0", rfc1918, azure]


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def bird_ms(desc, link, routes):
    """Microsoft's router on one circuit link: AS 12076, originating every
    route with its communities, BFD 300 ms x 3, private ASNs stripped
    from what it learns (as Microsoft does), everything learnt passed to
    the backbone (core)."""
    lines = ["router id %s;" % link["mip"],
             'log "%s/bird.log" all;' % "LOGDIR",
             "protocol device { scan time 2; }",
             "protocol static ms_routes {", "  ipv4;"]
    for p in sorted(routes, key=lambda x: (net(x).network_address,
                                           net(x).prefixlen)):
        lines.append("  route %s blackhole;" % p)
    lines += ["}",
              "protocol bfd {",
              '  interface "*" { min rx interval 300 ms; '
              "min tx interval 300 ms; multiplier 3; };",
              "}",
              "filter to_customer {",
              '  if proto != "ms_routes" then reject;']
    for p in sorted(routes):
        adds = " ".join("bgp_community.add((%d,%d));" % c
                        for c in sorted(routes[p]))
        lines.append("  if net = %s then { %s }" % (p, adds))
    lines += ["  accept;", "}",
              "filter from_customer {",
              "  bgp_path.delete([64512..65534]);",
              "  accept;", "}",
              "protocol bgp customer {",
              "  local %s as %d;" % (link["mip"], MS_ASN),
              "  neighbor %s as %d;" % (link["cip"],
                                        link["asn"]),
              "  hold time 90;",
              "  connect retry time 1; error wait time 1, 5;",
              "  bfd %s;" % ("on" if link["bfd"] else "off"),
              "  ipv4 { import filter from_customer; "
              "export filter to_customer; };",
              "}",
              "protocol bgp core {",
              "  local %s as %d;" % (link["ms_core_ip"], MS_ASN),
              "  neighbor %s as %d;" % (link["core_ip"], MS_ASN),
              "  connect retry time 1; error wait time 1, 5;",
              '  ipv4 { import none; export where proto = "customer"; '
              "next hop self; };",
              "}", ""]
    return "\n".join(lines)


def bird_core(t):
    lines = ["router id 198.18.255.1;", 'log "LOGDIR/bird.log" all;',
             "protocol device { scan time 2; }"]
    for l in t["ms"]:
        lines += ["protocol bgp %s {" % l["core_if"],
                  "  local %s as %d;" % (l["core_ip"], MS_ASN),
                  "  neighbor %s as %d;" % (l["ms_core_ip"], MS_ASN),
                  "  connect retry time 1; error wait time 1, 5;",
                  "  direct;",
                  "  ipv4 { import all; export none; gateway direct; };",
                  "}"]
    return "\n".join(lines) + "\n"


def bird_inet(desc, t):
    lines = ["router id 100.64.255.1;", 'log "LOGDIR/bird.log" all;',
             "protocol device { scan time 2; }",
             "protocol static dflt { ipv4; route 0.0.0.0/0 blackhole; }"]
    for l in t["inet"]:
        lines += ["protocol bgp %s {" % l["inet_if"],
                  "  local %s as %d;" % (l["iip"], INET_ASN),
                  "  neighbor %s as %d;" % (l["cip"],
                                            l["asn"]),
                  "  connect retry time 1; error wait time 1, 5;",
                  "  ipv4 { import all; export where net = 0.0.0.0/0; };",
                  "}"]
    return "\n".join(lines) + "\n"


def site_frr(site, st, t):
    """The site's interior (lab only): iBGP route reflector for the site's
    edge routers, multipath as the generated edges."""
    rs = [r for r in t["routers"] if r["site"] == site]
    o = ["frr defaults traditional", "hostname site-%s" % ident(site),
         "ip forwarding", "!",
         "router bgp %d" % st["asn"],
         " bgp router-id 172.31.255.%d" % (int(st["ns"][2:]) + 1),
         " no bgp default ipv4-unicast",
         " neighbor EDGES peer-group",
         " neighbor EDGES remote-as internal"]
    for r in rs:
        o.append(" neighbor %s peer-group EDGES" % r["lab_ip"])
    o += [" address-family ipv4 unicast",
          "  neighbor EDGES activate",
          "  neighbor EDGES route-reflector-client",
          "  neighbor EDGES next-hop-self force",
          "  maximum-paths ibgp 8",
          " exit-address-family", "exit", "end", ""]
    return "\n".join(o)


def edge_glue(r, t):
    """What the lab adds to a generated edge configuration: the iBGP
    session to its site's interior and, for an Internet edge, the ISP's
    address the design does not give (the generated file says to add
    `neighbor ADDRESS peer-group ISP`)."""
    o = ["!", "! lab: wiring the design does not give",
         "router bgp %d" % r["asn"],
         " neighbor LAB-SITE peer-group",
         " neighbor LAB-SITE remote-as internal",
         " neighbor %s peer-group LAB-SITE" % r["st_ip"]]
    for l in t["inet"]:
        if l["router"] == r["ns"]:
            o.append(" neighbor %s peer-group ISP" % l["iip"])
    o += [" address-family ipv4 unicast",
          "  neighbor LAB-SITE activate",
          "  neighbor LAB-SITE next-hop-self",
          " exit-address-family", "exit", "end", ""]
    return "\n".join(o)


def bird_edge_glue(r, t, logdir):
    """What the lab adds to a generated BIRD edge configuration: its log,
    the iBGP session to its site's interior and, for an Internet edge,
    the ISP's session (the generated file has the template isp4; the
    design gives no ISP address)."""
    o = ["", "# lab: wiring the design does not give",
         'log "%s/bird.log" all;' % logdir,
         "protocol bgp lab_site {",
         "  local %s as %d;" % (r["lab_ip"], r["asn"]),
         "  neighbor %s as %d;" % (r["st_ip"], r["asn"]),
         "  direct;",
         "  connect retry time 1; error wait time 1, 5;",
         "  ipv4 { import all; export all; next hop self; };",
         "}"]
    for l in t["inet"]:
        if l["router"] == r["ns"]:
            o += ["protocol bgp lab_isp from isp4 {",
                  "  local %s as %d;" % (l["cip"], r["asn"]),
                  "  neighbor %s as %d;" % (l["iip"], INET_ASN),
                  "  connect retry time 1; error wait time 1, 5;",
                  "}"]
    return "\n".join(o) + "\n"


def cmd_plan(desc_path, work, edge="frr"):
    desc = load(desc_path)
    t = topology(desc, os.path.join(work, edge), edge)
    if t["errors"]:
        for e in t["errors"]:
            print("FAIL: " + e)
        sys.exit(1)
    routes, refused = microsoft_routes(desc)
    t["refused"] = refused
    write(os.path.join(work, "topology.json"), json.dumps(t, indent=1))
    # One line per action, read by lab.sh.
    out = []
    for r in t["routers"]:
        out.append("ns %s %s %s" % (r["ns"], edge, r["name"]))
    for site, st in sorted(t["sites"].items()):
        out.append("ns %s frr -" % st["ns"])
    for l in t["ms"]:
        out.append("ns %s bird -" % l["ns"])
    if t["ms"]:
        out.append("ns core bird -")
    if t["inet"]:
        out.append("ns inet bird -")
    for l in t["ms"]:
        out.append("veth %s %s %s %s" % (l["router"], l["port"], l["ns"],
                                          l["ms_if"]))
        # the customer's address: a generated FRR configuration sets it
        # (zebra); BIRD configures no interfaces, the lab does
        out.append("vlan %s %s %s %s" % (
            l["router"], l["port"], l["vlan"],
            "-" if edge == "frr" else "%s/%d" % (l["cip"], l["plen"])))
        out.append("vlan %s %s %s %s/%d" % (l["ns"], l["ms_if"], l["vlan"],
                                            l["mip"], l["plen"]))
        out.append("veth %s core core %s" % (l["ns"], l["core_if"]))
        out.append("addr %s core %s/30" % (l["ns"], l["ms_core_ip"]))
        out.append("addr core %s %s/30" % (l["core_if"], l["core_ip"]))
    for l in t["inet"]:
        out.append("veth %s %s inet %s" % (l["router"], l["port"],
                                            l["inet_if"]))
        out.append("addr %s %s %s/30" % (l["router"], l["port"], l["cip"]))
        out.append("addr inet %s %s/30" % (l["inet_if"], l["iip"]))
    for r in t["routers"]:
        st = t["sites"][r["site"]]
        out.append("veth %s %s %s %s" % (r["ns"], r["lab_if"], st["ns"],
                                          r["st_if"]))
        out.append("addr %s %s %s/30" % (r["ns"], r["lab_if"], r["lab_ip"]))
        out.append("addr %s %s %s/30" % (st["ns"], r["st_if"], r["st_ip"]))
    write(os.path.join(work, "topology"), "\n".join(out) + "\n")
    for l in t["ms"]:
        os.makedirs(os.path.join(work, l["ns"]), exist_ok=True)
        write(os.path.join(work, l["ns"], "bird.conf"),
              bird_ms(desc, l, routes).replace(
                  "LOGDIR", os.path.join(work, l["ns"])))
    if t["ms"]:
        os.makedirs(os.path.join(work, "core"), exist_ok=True)
        write(os.path.join(work, "core", "bird.conf"),
              bird_core(t).replace("LOGDIR", os.path.join(work, "core")))
    if t["inet"]:
        os.makedirs(os.path.join(work, "inet"), exist_ok=True)
        write(os.path.join(work, "inet", "bird.conf"),
              bird_inet(desc, t).replace("LOGDIR",
                                         os.path.join(work, "inet")))
    for r in t["routers"]:
        os.makedirs(os.path.join(work, r["ns"]), exist_ok=True)
        if edge == "frr":
            write(os.path.join(work, r["ns"], "glue.conf"), edge_glue(r, t))
            continue
        with open(os.path.join(work, edge, r["name"] + ".bird.conf"),
                  encoding="utf-8") as f:
            generated = f.read()
        write(os.path.join(work, r["ns"], "bird.conf"),
              generated + bird_edge_glue(r, t, os.path.join(work, r["ns"])))
    for site, st in t["sites"].items():
        os.makedirs(os.path.join(work, st["ns"]), exist_ok=True)
        write(os.path.join(work, st["ns"], "frr.conf"), site_frr(site, st, t))


if __name__ == "__main__":
    a = sys.argv[1:]
    if a[:1] == ["plan"] and len(a) in (3, 4):
        cmd_plan(*a[1:])
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)
