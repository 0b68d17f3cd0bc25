#!/usr/bin/env python3
"""parity-corpus.py - a deterministic host corpus for PAC parity tests.

usage: parity-corpus.py FEED.json [MORE.json ...] > hosts.txt

Reads Microsoft 365 endpoint feeds (the JSON array of endpoint sets served
by https://endpoints.office.com/endpoints/<instance>) with Python's json
module only -- nothing here shares code with the C library, so the corpus
is an independent witness -- and writes one lowercase hostname a line,
sorted and de-duplicated. The URL patterns of every given feed are used
(pass the feed under test first; further feeds just add names).

What the corpus holds, for every url pattern of the feeds:
  * exact names, as published;
  * every wildcard with each '*' replaced by a set of fillers ("x",
    "contoso", "a.b", "foo-bar", "", "x.", ".x", ...), all stars alike and,
    for patterns with several stars, one star at a time;
  * names that are not Microsoft's but look close: a label prepended to a
    real name ("x.", "www.") or glued to it ("x" + name), a domain appended
    (name + ".example.net"), the parent domain, suffix look-alikes of a
    wildcard ("notsharepoint.com", "sharepoint.com" itself, "sharepoint.com
    .example.net"), a hyphenated first label ("outlook-x.office365.com");
  * a few fixed outsiders (example.com, evil-outlook.office365.com
    .example.net, localhost, ...).
Only names that are valid DNS hostnames are kept: labels of 1..63 of
[a-z0-9-], not starting or ending with '-', 253 characters at most.
No randomness: the same feeds always give the same bytes.
"""

import json
import re
import sys

FILLERS = ["x", "contoso", "a.b", "foo-bar", "", "1", "x.", ".x",
           "www.contoso", "a-", "-a", "xn--bcher-kva", "a.b.c.d.e"]
OUTSIDERS = [
    "example.com",
    "www.example.com",
    "evil-outlook.office365.com.example.net",
    "outlook.office365.com.example.net",
    "microsoft.com.example.net",
    "localhost",
    "com",
    "net",
    "microsoft",
    "example.net",
    "contoso.com",
    "sharepoint.com.evil",
    "office365.com",
    "office.com",
    "microsoft.com",
    "live.com",
    "outlook.com",
]

LABEL = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")


def valid(host):
    if not host or len(host) > 253:
        return False
    return all(LABEL.match(l) for l in host.split("."))


def patterns(paths):
    out = set()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            feed = json.load(f)
        if not isinstance(feed, list):
            sys.exit("%s: not a JSON array of endpoint sets" % path)
        for es in feed:
            urls = es.get("urls") or []
            if isinstance(urls, str):
                urls = [urls]
            for u in urls:
                out.add(str(u).strip().lower())
    return sorted(out)


def fills(pat):
    """Every filling of the stars of pat (valid or not)."""
    parts = pat.split("*")
    res = []
    for f in FILLERS:
        res.append(f.join(parts))
    if len(parts) > 2:
        # One star at a time, the others filled with "x".
        for i in range(len(parts) - 1):
            for f in FILLERS:
                s = parts[0]
                for k in range(1, len(parts)):
                    s += (f if k - 1 == i else "x") + parts[k]
                res.append(s)
    return res


def lookalikes(name):
    """Non-Microsoft names close to a real (filled) name."""
    res = ["x." + name, "www." + name, "x" + name, name + ".example.net",
           name + ".evil", "not" + name]
    labels = name.split(".")
    if len(labels) > 1:
        res.append(".".join(labels[1:]))
        res.append(labels[0] + "-x." + ".".join(labels[1:]))
        res.append("x-" + name)
    if len(labels) > 2:
        res.append(".".join(labels[2:]))
    return res


def corpus(pats):
    hosts = set(OUTSIDERS)
    for p in pats:
        if "*" not in p:
            base = [p]
        else:
            base = fills(p)
            # The literal tail after the first star: "*.sharepoint.com" ->
            # "sharepoint.com", "notsharepoint.com", ...
            tail = p.split("*")[-1].lstrip(".-")
            if tail:
                base += [tail, "not" + tail, tail + ".example.net",
                         "x-" + tail]
            head = p.split("*")[0].rstrip(".-")
            if head:
                base += [head, head + ".example.net"]
        for b in base:
            hosts.add(b)
            for l in lookalikes(b):
                hosts.add(l)
    return sorted(h for h in hosts if valid(h))


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        sys.stderr.write(__doc__)
        return 2
    for h in corpus(patterns(argv[1:])):
        sys.stdout.write(h + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
