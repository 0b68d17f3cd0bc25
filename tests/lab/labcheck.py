#!/usr/bin/env python3
"""labcheck.py - the lab's assertions, read from the daemons' own state
(FRR: vtysh ... json; BIRD: birdc show route), and the agreement table
with `m365route simulate` (docs/lab.md). Run by lab.sh once the
namespaces and daemons are up:

  labcheck.py DESC.json SIM.json [--fault missing-community|extra-prefix]

Environment: MRLAB_PREFIX (namespace prefix), MRLAB_WORK (work dir),
MRLAB_T0 (start time, for the run's duration).
Every wait is bounded in count and time. Exit 0 pass, 1 fail.
"""
import ipaddress
import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lab  # noqa: E402

P = os.environ["MRLAB_PREFIX"]
W = os.environ["MRLAB_WORK"]
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def ok(msg):
    print("ok:   " + msg)


def run(args, timeout=10):
    r = subprocess.run(args, capture_output=True, text=True, timeout=timeout,
                       stdin=subprocess.DEVNULL)
    return r.stdout


def vtysh(ns, cmd):
    return run(["ip", "netns", "exec", P + ns, "vtysh", "--vty_socket",
                os.path.join(W, ns), "-c", cmd])


def vtysh_json(ns, cmd):
    out = vtysh(ns, cmd)
    try:
        return json.loads(out)
    except ValueError:
        return {}


def birdc(ns, cmd):
    return run(["birdc", "-s", os.path.join(W, ns, "bird.ctl"), cmd])


def bird_prefixes(text):
    return {m.group(1) for m in
            re.finditer(r"^(\d+\.\d+\.\d+\.\d+/\d+)\s", text, re.M)}


def bird_established(ns, proto):
    out = birdc(ns, "show protocols %s" % proto)
    return "Established" in out


def host(prefix):
    """An address inside prefix: its first host (the network itself for
    /31 and /32)."""
    n = ipaddress.ip_network(prefix, strict=False)
    if n.num_addresses <= 2:
        return str(n.network_address)
    return str(n.network_address + 1)


def frr_namespaces(t):
    edges = [r["ns"] for r in t["routers"]] if t["edge"] == "frr" else []
    return edges + sorted(st["ns"] for st in t["sites"].values())


def bird_namespaces(t):
    edges = [r["ns"] for r in t["routers"]] if t["edge"] == "bird" else []
    return edges + [l["ns"] for l in t["ms"]] + \
        (["core"] if t["ms"] else []) + (["inet"] if t["inet"] else [])


def wait_converged(t, desc):
    """Every session up and every table still for two polls in a row: at
    most 45 s, polled every 0.25 s (one query per daemon and poll)."""
    deadline = time.monotonic() + 45
    bird_ns = bird_namespaces(t)
    last, still = None, 0
    while time.monotonic() < deadline:
        up = True
        counts = []
        for ns in bird_ns:
            out = birdc(ns, "show protocols")
            bgp = [l for l in out.splitlines() if " BGP " in l]
            up = up and bool(bgp) and all("Established" in l for l in bgp)
            counts.append(birdc(ns, "show route count") if up else "")
        for ns in frr_namespaces(t):
            if not up:
                break
            s = vtysh_json(ns, "show bgp ipv4 unicast summary json")
            peers = s.get("peers", {})
            up = up and bool(peers)
            for ip, p in sorted(peers.items()):
                up = up and p.get("state") == "Established"
                counts.append((ns, ip, p.get("pfxRcd"), p.get("pfxSnt")))
        if up and counts == last:
            still += 1
            if still >= 2:
                return True
        else:
            still = 0
        last = counts
        time.sleep(0.25)
    return False


def bird_routes(text):
    """BIRD's `show route ... all`: [(prefix, protocol, best, attrs,
    vias)], attrs the BGP.* lines by name, vias the next hops."""
    out, pfx = [], None
    for line in text.splitlines():
        m = re.match(r"^(\d+\.\d+\.\d+\.\d+/\d+)?\s+\S+\s+\[(\S+)\s[^\]]*\]"
                     r"\s(\*?)", line)
        if m:
            pfx = m.group(1) or pfx
            out.append((pfx, m.group(2), m.group(3) == "*", {}, []))
            continue
        m = re.match(r"\s+BGP\.(\w+):\s*(.*)", line)
        if m and out:
            out[-1][3][m.group(1)] = m.group(2)
            continue
        m = re.match(r"\s+via (\S+) on", line)
        if m and out:
            out[-1][4].append(m.group(1))
    return out


def learned(ns, t=None):
    """prefix -> [(peer, local_pref, best)] from the customer edge's BGP
    table (FRR's, or BIRD's with --edge bird)."""
    if t is not None and t["edge"] == "bird":
        r = [x for x in t["routers"] if x["ns"] == ns][0]
        out = {}
        for pfx, proto, best, attrs, vias in bird_routes(
                birdc(ns, "show route all")):
            if proto not in r["peers"]:
                continue
            out.setdefault(pfx, []).append(
                (r["peers"][proto], int(attrs.get("local_pref", 100)), best))
        return out
    j = vtysh_json(ns, "show bgp ipv4 unicast json")
    out = {}
    for pfx, paths in j.get("routes", {}).items():
        for p in paths:
            out.setdefault(pfx, []).append(
                (p.get("peerId"), p.get("locPrf", 100), bool(p.get("bestpath"))))
    return out


def route_hops(ns, addr, t=None):
    """The next hops of the route zebra selected for addr in ns (the
    route installed in the kernel); with --edge bird and an edge's ns,
    those of BIRD's best route."""
    if t is not None and t["edge"] == "bird" and \
            any(r["ns"] == ns for r in t["routers"]):
        return {v for pfx, proto, best, attrs, vias in
                bird_routes(birdc(ns, "show route for %s all" % addr))
                if best for v in vias}
    j = vtysh_json(ns, "show ip route %s json" % addr)
    hops = set()
    for pfx, entries in j.items():
        for e in entries:
            if not e.get("selected"):
                continue
            for nh in e.get("nexthops", []):
                if nh.get("active") and "ip" in nh:
                    hops.add(nh["ip"])
    return hops


def site_circuits(t, site, addr):
    """The circuits the site's traffic to addr leaves by: the route its
    interior selects, through the edge routers it points at (a router
    is named after its circuit). None when the site has no routers."""
    st = t["sites"].get(site)
    if st is None:
        return None
    hops = route_hops(st["ns"], addr)
    return [r["name"] for r in t["routers"]
            if r["site"] == site and r["lab_ip"] in hops]


def check_learned(t, desc):
    refused = [r for r in t["refused"] if r]
    for r in t["routers"]:
        if r["kind"] != "er":
            continue
        c = [x for x in desc["er"] if x["name"] == r["name"]][0]
        table = learned(r["ns"], t)
        want = {p["prefix"] for p in c["admitted"]}
        lp = c["local_preference"] or 100
        for l in [l for l in t["ms"] if l["router"] == r["ns"]]:
            got = {pfx for pfx, ps in table.items()
                   if any(p[0] == l["mip"] for p in ps)}
            if got == want:
                ok("%s %s learned the %d prefixes its route filter "
                   "admits" % (c["name"], l["link"], len(want)))
            else:
                fail("%s %s learned %d prefixes, its route filter "
                     "admits %d: missing %s, extra %s" %
                     (c["name"], l["link"], len(got), len(want),
                      sorted(want - got)[:5], sorted(got - want)[:5]))
            bad = [x for x in refused if x in got]
            if bad:
                fail("%s %s accepted refused routes %s" %
                     (c["name"], l["link"], bad))
            else:
                ok("%s %s refused %s" % (c["name"], l["link"],
                                         ", ".join(refused)))
            lps = {p[1] for pfx, ps in table.items() for p in ps
                   if p[0] == l["mip"]}
            if lps and lps != {lp}:
                fail("%s %s: local preference %s, designed %d" %
                     (c["name"], l["link"], sorted(lps), lp))
            elif lps:
                ok("%s %s: local preference %d" % (c["name"], l["link"],
                                                   lp))


def check_advertised(t, desc):
    er_all = set()
    for c in desc["er"]:
        er_all |= {lab.net(p) for p in c["advertised"] + c["nat_pool"]}
    for l in t["ms"]:
        c = [x for x in desc["er"] if x["name"] == l["circuit"]][0]
        got = bird_prefixes(birdc(l["ns"], "show route protocol customer"))
        want = set(c["advertised"])
        if got == want:
            ok("Microsoft received over %s %s exactly %s" %
               (c["name"], l["link"], sorted(want)))
        else:
            fail("Microsoft received over %s %s %s, the design advertises "
                 "%s" % (c["name"], l["link"], sorted(got), sorted(want)))
    for l in t["inet"]:
        c = [x for x in desc["inet"] if x["name"] == l["circuit"]][0]
        got = bird_prefixes(birdc("inet", "show route protocol %s" %
                                  l["inet_if"]))
        leak = sorted(p for p in got
                      if any(lab.net(p).overlaps(e) for e in er_all))
        if leak:
            fail("the Internet router received ExpressRoute prefixes %s "
                 "over %s" % (leak, c["name"]))
        else:
            ok("the Internet router received none of the ExpressRoute "
               "prefixes over %s" % c["name"])
        want = set(c["advertised"])
        if got != want:
            fail("the Internet router received over %s %s, the design "
                 "advertises %s" % (c["name"], sorted(got), sorted(want)))


def flow_address(f):
    d = f["destination"]
    if d.get("address"):
        return host(d["address"])
    try:
        ipaddress.ip_address(d["target"])
        return d["target"]
    except ValueError:
        return lab.OUTSIDE


def agreement(t, sim):
    """For each flow of the simulation: the circuit simulate predicted
    (its multipath set) against the circuits the real customer edge's
    selected route leaves by."""
    rows = []
    for f in sim["flows"]:
        e = f.get("egress")
        if e:
            site = e["site"]
            if e.get("bgp") and e["bgp"].get("multipath"):
                want = list(e["bgp"]["multipath"])
            else:
                want = [e["circuit"]]
        else:
            site, want = f["site"], []
        addr = flow_address(f)
        got = site_circuits(t, site, addr)
        agree = got is not None and set(got) == set(want)
        rows.append((f["site"], f["destination"]["target"], addr,
                     "+".join(want) or "-",
                     "n/a" if got is None else ("+".join(got) or "-"),
                     agree, f))
    w = [max(len(r[i]) for r in rows + [("SITE", "DESTINATION", "ADDRESS",
                                          "SIMULATE", "LAB")])
         for i in range(5)]
    print()
    print("agreement: the route each customer edge selects against "
          "`m365route simulate`")
    fmt = "  %-{0}s  %-{1}s  %-{2}s  %-{3}s  %-{4}s  %s".format(*w)
    print(fmt % ("SITE", "DESTINATION", "ADDRESS", "SIMULATE", "LAB",
                 "AGREE"))
    for r in rows:
        print(fmt % (r[0], r[1], r[2], r[3], r[4], "yes" if r[5] else "NO"))
    bad = [r for r in rows if not r[5]]
    if bad:
        fail("%d of %d flows leave the lab by another circuit than "
             "simulate predicted" % (len(bad), len(rows)))
    else:
        ok("all %d flows leave by the circuit simulate predicted" %
           len(rows))
    return rows


def core_best(addr):
    """The backbone's best route for addr: the circuit it came over."""
    out = birdc("core", "show route for %s all" % addr)
    m = re.search(r"\[(m\d+[ps])\s[^\]]*\]\s\*", out)
    return m.group(1) if m else None


def returns(t, sim):
    """Microsoft's way back to each NAT pool the flows use."""
    seen = set()
    print()
    print("return: where Microsoft's side sends replies to each NAT pool")
    by_if = {l["core_if"]: l["circuit"] for l in t["ms"]}
    for f in sim["flows"]:
        r, n = f.get("return"), f.get("nat")
        if not r or not n or n["pool"] in seen:
            continue
        seen.add(n["pool"])
        addr = host(n["pool"])
        best = core_best(addr) if t["ms"] else None
        circ = by_if.get(best, "-") if best else "-"
        if r["via"] == "expressroute":
            agree = circ in r["circuits"]
        else:
            agree = best is None
        print("  %-18s simulate %-8s %-28s lab (Microsoft's backbone) %-16s %s"
              % (n["pool"], r["via"], "+".join(r["circuits"]) or "-", circ,
                 "yes" if agree else "NO"))
        if not agree:
            fail("Microsoft's side sends replies to %s over %s, simulate "
                 "says %s %s" % (n["pool"], circ, r["via"],
                                 "+".join(r["circuits"])))


def core_paths(prefix):
    """The backbone's paths for prefix: [(session, as_path, best)]."""
    out = birdc("core", "show route %s all" % prefix)
    paths = []
    for line in out.splitlines():
        m = re.search(r"\[(m\d+[ps])\s[^\]]*\]\s(\*?)", line)
        if m:
            paths.append([m.group(1), [], m.group(2) == "*"])
            continue
        m = re.match(r"\s+BGP\.as_path:\s*(.*)", line)
        if m and paths:
            paths[-1][1] = m.group(1).split()
    return paths


def check_prepend(t, desc):
    """A prefix the design advertises over several circuits: Microsoft's
    backbone prefers the circuit with the shortest AS path (the others
    prepend), as the design says (docs/lab.md)."""
    by = {}
    for c in desc["er"]:
        for p in c["advertised"]:
            by.setdefault(p, []).append(c)
    by_if = {l["core_if"]: l["circuit"] for l in t["ms"]}
    for pfx, cs in sorted(by.items()):
        if len(cs) < 2 or not any(c["prepend"] for c in cs):
            continue
        paths = core_paths(pfx)
        best = [by_if[p[0]] for p in paths if p[2]]
        plain = {c["name"] for c in cs if not c["prepend"]} or \
            {min(cs, key=lambda c: len(c["prepend"]))["name"]}
        lens = ", ".join("%s %d" % (by_if[p[0]], len(p[1]))
                         for p in paths)
        if best and best[0] in plain:
            ok("Microsoft's backbone prefers %s for %s (AS-path lengths: "
               "%s)" % (best[0], pfx, lens))
        else:
            fail("Microsoft's backbone prefers %s for %s, the design's "
                 "prepends say %s (AS-path lengths: %s)" %
                 (best or "nothing", pfx, sorted(plain), lens))


def check_extra(t, desc):
    """The planted fault extra-prefix: a prefix Microsoft's side received
    that holds none of the circuits' NAT pools and no inbound server."""
    owned = [lab.net(p) for c in desc["er"] for p in c["nat_pool"]] + \
        [lab.net(p) for p in desc.get("servers", [])]
    seen = []
    for l in t["ms"]:
        got = bird_prefixes(birdc(l["ns"], "show route protocol customer"))
        for p in sorted(got):
            if not any(o.subnet_of(lab.net(p)) for o in owned):
                seen.append((l["circuit"], l["link"], p))
    if seen:
        ok("planted fault visible: Microsoft received %s over %s %s, a "
           "prefix with no NAT pool and no server" %
           (seen[0][2], seen[0][0], seen[0][1]))
    else:
        fail("planted fault (extra prefix) not visible: every prefix "
             "Microsoft received holds a NAT pool or a server")


def failover(t, desc):
    """Take the first dual-link circuit's primary link down on
    Microsoft's side (its VLAN interface: the customer edge's own
    interface stays up, so only BFD or the hold timer can tell) and time
    the move of its routes to the secondary."""
    for c in desc["er"]:
        ls = [l for l in t["ms"] if l["circuit"] == c["name"]]
        if len(ls) == 2 and c["admitted"] and c["bfd"]:
            break
    else:
        print("failover: no circuit with two links, routes and BFD; "
              "skipped (without BFD only the hold timer would tell)")
        return
    pri, sec = ls
    addr = host(c["admitted"][0]["prefix"])
    hops = route_hops(pri["router"], addr, t)
    if pri["mip"] not in hops:
        fail("failover: %s's route to %s does not use the primary link "
             "before the test (%s)" % (c["name"], addr, sorted(hops)))
        return
    subprocess.run(["ip", "-n", P + pri["ns"], "link", "set",
                    "%s.%d" % (pri["ms_if"], pri["vlan"]), "down"],
                   check=True)
    t0 = time.monotonic()
    moved = None
    while time.monotonic() - t0 < 10:  # generous: BFD needs ~0.9 s
        hops = route_hops(pri["router"], addr, t)
        if pri["mip"] not in hops and sec["mip"] in hops:
            moved = time.monotonic() - t0
            break
        time.sleep(0.02)
    bfd = "BFD 300 ms x 3" if c["bfd"] else "no BFD: the hold timer"
    if moved is None:
        fail("failover: %s's routes did not move to the secondary link "
             "within 10 s (%s)" % (c["name"], bfd))
    else:
        ok("failover: %s primary down -> routes on the secondary after "
           "%.0f ms (%s)" % (c["name"], moved * 1000, bfd))


def main(argv):
    fault = None
    if "--fault" in argv:
        i = argv.index("--fault")
        fault = argv[i + 1]
        argv = argv[:i] + argv[i + 2:]
    desc = lab.load(argv[0])
    sim = lab.load(argv[1])
    t = lab.load(os.path.join(W, "topology.json"))
    t0 = time.monotonic()
    if not wait_converged(t, desc):
        fail("BGP did not converge within 45 s")
        return 1
    print("lab: %s converged in %.1f s" % (desc["design"],
                                           time.monotonic() - t0))
    check_learned(t, desc)
    check_advertised(t, desc)
    rows = agreement(t, sim)
    returns(t, sim)
    check_prepend(t, desc)
    if fault == "missing-community":
        shown = [r for r in rows
                 if r[6]["destination"]["route"] == "expressroute"
                 and r[6]["pac"]["proxy"] is None
                 and any(x["name"] == r[4] for x in desc["inet"])]
        if shown:
            ok("planted fault visible: %s leaves over the Internet (%s), "
               "not ExpressRoute" % (shown[0][1], shown[0][4]))
        else:
            fail("planted fault (missing community) not visible: every "
                 "ExpressRoute destination left over ExpressRoute")
    elif fault == "extra-prefix":
        check_extra(t, desc)
    elif fault is not None:
        fail("unknown fault kind %s" % fault)
    failover(t, desc)
    took = time.time() - float(os.environ.get("MRLAB_T0", time.time()))
    print()
    print("lab: %s: %s in %.1f s" % (desc["design"],
                                      "FAIL (%d)" % len(failures)
                                      if failures else "pass", took))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
