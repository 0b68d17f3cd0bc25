#!/usr/bin/env python3
"""synth-feed.py - a synthetic endpoint feed N times the size of a real one.

usage: synth-feed.py FEED.json N > BIG.json

Copy 0 is FEED as is; copies 1..N-1 repeat every endpoint set (same
category, expressRoute, service area; id + 1000 * k; no ips) with each URL
renamed in the label before the last one ("outlook.office365.com" ->
"outlook.office365-k3.com", "*cdn.onenote.net" -> "*cdn.onenote-k3.net"),
so every pattern shape, nesting and exception of the real feed is repeated
N times under new names. Deterministic. Used by bench/pac-speed.sh.
"""
import json
import sys


def rename(url, k):
    labels = url.split(".")
    if len(labels) < 2:
        return url
    labels[-2] = "%s-k%d" % (labels[-2], k)
    return ".".join(labels)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    feed = json.load(open(argv[1], encoding="utf-8"))
    n = int(argv[2])
    out = list(feed)
    for k in range(1, n):
        for es in feed:
            c = {key: v for key, v in es.items() if key != "ips"}
            c["id"] = es["id"] + 1000 * k
            if "urls" in es:
                c["urls"] = [rename(u, k) for u in es["urls"]]
            elif not es.get("ips"):
                continue
            if "urls" not in c:
                continue
            out.append(c)
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
