#!/usr/bin/env python3
"""check-layers.py - the library's layers hold (docs/ARCHITECTURE.md).

Reads the rooms from src/lib/CMakeLists.txt (mr_room(NAME LAYER n DEPS ...))
and every #include "..." of src/lib, src/cli and include/m365route, and
fails when
  - a room's DEPS name a room that is not of a lower layer;
  - a file includes a private header of another room that its DEPS do not
    declare (or of a room above it);
  - a file includes a public header of a higher layer, or of a sibling
    room of its own layer (lint, pac, sim, feed, usage and config never include
    each other), or the umbrella m365route/m365route.h;
  - a public header includes one of a higher layer or a sibling;
  - src/cli includes a private header of the library.
usage: check-layers.py [ROOT]     (--self-test: plant a violation, expect it)
Ends with "N passed, M failed"; exit status 0 only when M is 0.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

# Public header -> the room that owns it.
PUBLIC = {
    "common.h": "util", "diag.h": "util", "prefix.h": "util", "geo.h": "util",
    "json.h": "util",
    "endpoints.h": "catalog",
    "match.h": "match",
    "design.h": "design", "peering.h": "design",
    "resolve.h": "resolve",
    "lint.h": "lint",
    "pac.h": "pac", "pacaudit.h": "pac",
    "sim.h": "sim", "bgp.h": "resolve",
    "feed.h": "feed",
    "usage.h": "usage", "logscan.h": "usage",
    "config.h": "config",
    "dnsconf.h": "dnsconf",
    "rib.h": "verify", "verify.h": "verify",
    "m365route.h": "cli",
}
INC = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def rooms_of(root):
    text = open(os.path.join(root, "src/lib/CMakeLists.txt")).read()
    rooms = {}
    for m in re.finditer(r"^mr_room\((\w+)\s+LAYER\s+(\d+)([^)]*)\)", text, re.M):
        deps = []
        d = re.search(r"DEPS((?:\s+\w+)+?)(?:\s+SOURCES|\s*$)", m.group(3))
        if d:
            deps = d.group(1).split()
        rooms[m.group(1)] = (int(m.group(2)), deps)
    return rooms


def check(root):
    rooms = rooms_of(root)
    layer = {r: v[0] for r, v in rooms.items()}
    layer["cli"] = max(layer.values()) + 1
    errors, checked = [], 0
    for r, (lv, deps) in rooms.items():
        for d in deps:
            checked += 1
            if d not in rooms or layer[d] >= lv:
                errors.append("src/lib/CMakeLists.txt: room %s (layer %d) "
                              "declares %s, not a lower layer" % (r, lv, d))
    private = {}  # header name -> room
    for r in rooms:
        for f in os.listdir(os.path.join(root, "src/lib", r)):
            if not f.endswith(".c"):
                private.setdefault(f, r)

    def public_ok(own, hdr, where):
        owner = PUBLIC.get(hdr)
        if owner is None:
            return "%s includes unknown public header m365route/%s" % (where, hdr)
        if owner == own:
            return None
        if layer[owner] >= layer[own]:
            return "%s (%s, layer %d) includes m365route/%s of %s (layer %d)" % (
                where, own, layer[own], hdr, owner, layer[owner])
        return None

    for r in rooms:
        d = os.path.join(root, "src/lib", r)
        for f in sorted(os.listdir(d)):
            where = "src/lib/%s/%s" % (r, f)
            for inc in INC.findall(open(os.path.join(d, f), errors="replace").read()):
                checked += 1
                if inc.startswith("m365route/"):
                    e = public_ok(r, inc[len("m365route/"):], where)
                elif inc in private:
                    o = private[inc]
                    e = None if o == r or o in rooms[r][1] else (
                        "%s includes %s, private to room %s, which room %s "
                        "does not declare" % (where, inc, o, r))
                else:
                    e = "%s includes %s, found in no room" % (where, inc)
                if e:
                    errors.append(e)
    for f in sorted(os.listdir(os.path.join(root, "include/m365route"))):
        own = PUBLIC.get(f)
        where = "include/m365route/" + f
        if own is None:
            errors.append("%s: a public header with no room (add it to "
                          "tools/check-layers.py)" % where)
            continue
        for inc in INC.findall(open(os.path.join(root, where)).read()):
            checked += 1
            e = public_ok(own, inc.split("/")[-1], where)
            if e:
                errors.append(e)
    cli = os.path.join(root, "src/cli")
    for f in sorted(os.listdir(cli)):
        for inc in INC.findall(open(os.path.join(cli, f)).read()):
            checked += 1
            # A quoted include finds src/cli's own header first.
            if inc in private and not os.path.exists(os.path.join(cli, inc)):
                errors.append("src/cli/%s includes %s, private to the "
                              "library's room %s" % (f, inc, private[inc]))
    return checked, errors


def self_test(root):
    tmp = tempfile.mkdtemp(prefix="mr-layers.")
    try:
        for sub in ("src/lib", "src/cli", "include/m365route"):
            shutil.copytree(os.path.join(root, sub), os.path.join(tmp, sub))
        _, before = check(tmp)
        with open(os.path.join(tmp, "src/lib/util/planted.c"), "w") as f:
            f.write('#include "design_int.h"\n#include "m365route/lint.h"\n')
        _, errors = check(tmp)
        return len(errors) == len(before) + 2
    finally:
        shutil.rmtree(tmp)


def main(argv):
    if "--self-test" in argv:
        argv = [a for a in argv if a != "--self-test"]
        root = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
        ok = self_test(root)
        print("self-test: a planted violation %s" % ("is caught" if ok else "is MISSED"))
        print("%d passed, %d failed" % (ok, not ok))
        return 0 if ok else 1
    root = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    checked, errors = check(root)
    for e in errors:
        print(e)
    print("%d passed, %d failed" % (checked - len(errors), len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
