#!/usr/bin/env python3
"""pac-corpus.py - the host corpus of tests/scripts/test-pac-parity.sh.

usage: pac-corpus.py FEED.json [MORE.json ...] > corpus.tsv

Runs tools/parity-corpus.py's generator (exact names, every wildcard filled
with sample labels, look-alikes, parents, outsiders; lowercase, valid DNS
names) over the feeds and adds, deterministically:
  * mixed-case variants: every 3rd host with each label capitalised, every
    7th in upper case, every 11th with one letter upper case;
  * every 5th host with a trailing dot;
  * the seed's Internet-only sub-FQDNs ("Routing with ExpressRoute for
    Office 365");
  * odd strings a PAC engine may still be handed: a leading dot, a '*' or
    '?' inside, empty labels, a bare wildcard tail ("-files.sharepoint.com").
Output: "HOST<TAB>BASE" a line, BASE being the lowercase corpus host HOST
was derived from (HOST itself for the lowercase corpus and the odd strings).
A reference PAC evaluated on BASE gives what a -Lowercase PAC must answer
for HOST. No randomness.
"""

import importlib.util
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location(
    "parity_corpus", os.path.join(here, "..", "..", "tools", "parity-corpus.py"))
pc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(pc)

SEED_SUBS = [
    "click.email.microsoftonline.com", "portal.microsoftonline.com",
    "provisioningapi.microsoftonline.com", "adminwebservice.microsoftonline.com",
    "nexusrules.officeapps.live.com", "nexus.officeapps.live.com",
    "odc.officeapps.live.com", "cdn.odc.officeapps.live.com",
    "ols.officeapps.live.com", "ocsredir.officeapps.live.com",
    "ocws.officeapps.live.com", "ocsa.officeapps.live.com",
    "xsi.outlook.com", "r3.res.outlook.com", "quicktips.skypeforbusiness.com",
    "x.um.outlook.com", "home.office.com", "agent.office.net",
    "autodiscover-contoso.outlook.com", "login.windows.net",
]

ODD = [
    ".sharepoint.com", "*.sharepoint.com", "a*b.sharepoint.com",
    "-files.sharepoint.com", "x-files.sharepoint.com", ".onenote.net",
    "cdn.onenote.net", "autodiscover..onmicrosoft.com",
    "autodiscover.onmicrosoft.com", "autodiscover.*.onmicrosoft.com",
    "a..b.sharepoint.com", "?.sharepoint.com", "x.sharepoint.com..",
    "outlook.office365.com:443", "[2603:1006::1]", "40.96.0.1",
]


def title(h):
    return ".".join(l[:1].upper() + l[1:] for l in h.split("."))


def one_upper(h, i):
    letters = [k for k, c in enumerate(h) if c.isalpha()]
    if not letters:
        return h
    k = letters[i % len(letters)]
    return h[:k] + h[k].upper() + h[k + 1:]


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    base = pc.corpus(pc.patterns(argv[1:]))
    for s in SEED_SUBS:
        if s not in base:
            base.append(s)
    rows = [(h, h) for h in base]
    for i, h in enumerate(base):
        if i % 3 == 0:
            rows.append((title(h), h))
        if i % 7 == 0:
            rows.append((h.upper(), h))
        if i % 11 == 0:
            rows.append((one_upper(h, i), h))
        if i % 5 == 0:
            rows.append((h + ".", h + "."))
    seen = set(r[0] for r in rows)
    for o in ODD:
        if o not in seen:
            rows.append((o, o))
    out = sys.stdout
    for h, b in rows:
        out.write("%s\t%s\n" % (h, b))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
