#!/usr/bin/env python3
"""parity.py - decision parity of `m365route pac` in three real PAC engines.

usage: parity.py M365ROUTE REPO-ROOT        (run by tests/scripts/test-pac-parity.sh)

Engines: pacparser 1.3.6 (SpiderMonkey 1.7, its own helpers) and Duktape 2.7
through tests/pac/pac-engine.c (built by CMake, named by MR_PAC_ENGINE), and Node's V8 through
tests/pac/pac-eval.js (a vm context with tests/pac/pac-helpers.js).
Each host h is evaluated as FindProxyForURL("http://h/", h).

Corpus: tests/pac/pac-corpus.py (tools/parity-corpus.py's names plus mixed
case, trailing dots, the seed's sub-FQDNs and odd strings).

Checks:
 1. Types 1 and 2, both worldwide snapshots: `--style compat` is the
    reference file of data/reference/ byte for byte once our "// m365route"
    header lines are taken out (with --lowercase: plus Get-PacFile's
    lowercase line); and in every engine, for every host H,
      fast(H)             == reference(H)
      fast --lowercase(H) == reference(lower(H))
    (compat files are also evaluated, in Node).
 2. --type expressroute, the four embedded instances and the 2020 snapshot:
    in every engine, fast and compat decide DIRECT exactly for the hosts
    `m365route classify` routes "expressroute" (proxy for internet and
    unknown). Targets classify does not take as a host name (invalid, an
    IP address, host:port) are not comparable and only counted.
Prints one line per comparison and ends with "N passed, M failed"; exit 0
only when M is 0. MR_PAC_ENGINES=pacparser,duktape,node selects engines
(default all three); missing tools fail the test, they do not skip it.
"""

import concurrent.futures
import os
import shutil
import subprocess
import sys
import tempfile

PROXY = "PROXY 10.10.10.10:8080"
LOWER_LINE = b"    host = host.toLowerCase();\r\n\r\n"

passed = 0
failed = 0


def fail(msg):
    global failed
    failed += 1
    print("FAIL: " + msg)


def ok(n=1):
    global passed
    passed += n


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    binp, root = os.path.abspath(argv[1]), os.path.abspath(argv[2])
    engines = os.environ.get("MR_PAC_ENGINES", "pacparser,duktape,node").split(",")
    tmp = tempfile.mkdtemp(prefix="mr-pac-parity.")
    try:
        return body(binp, root, engines, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def body(binp, root, engines, tmp):
    pacdir = os.path.join(root, "tests", "pac")
    helpers = os.path.join(pacdir, "pac-helpers.js")
    engine_bin = os.path.join(tmp, "pac-engine")
    if "pacparser" in engines or "duktape" in engines:
        # Built by CMake with the rest (target pac-engine); ctest passes it.
        engine_bin = os.environ.get("MR_PAC_ENGINE", "")
        if not engine_bin or not os.access(engine_bin, os.X_OK):
            fail("MR_PAC_ENGINE does not name the pac-engine program that "
                 "the build makes from tests/pac/pac-engine.c (needs "
                 "libpacparser-dev and duktape-dev, see scripts/install-deps)")
            return finish()
    if "node" in engines and shutil.which("node") is None:
        fail("node not found (Node.js >= 12; scripts/install-deps)")
        return finish()

    def gen(out, *args):
        # Exit 2 with the file written: a feed with nothing direct for the
        # type (China has no ExpressRoute set); the all-proxy file is
        # still compared.
        r = subprocess.run([binp, "pac", "--timestamp", "0", "-o", out] +
                           list(args), cwd=root, stderr=subprocess.PIPE,
                           text=True)
        if r.returncode != 0 and not (r.returncode == 2 and
                                      os.path.exists(out) and
                                      "warning:" in r.stderr):
            raise SystemExit("m365route pac %s exited %d: %s" % (
                " ".join(args), r.returncode, r.stderr))
        return out

    def evaluate(engine, pac, hosts, out):
        if engine == "node":
            cmd = ["node", os.path.join(pacdir, "pac-eval.js"), pac, hosts]
        else:
            cmd = [engine_bin, "eval", engine, pac, hosts, helpers]
        with open(out, "w") as f:
            r = subprocess.run(cmd, stdout=f, stderr=subprocess.PIPE, text=True)
        if r.returncode != 0:
            return "%s on %s exited %d: %s" % (engine, os.path.basename(pac),
                                               r.returncode, r.stderr[:500])
        return None

    jobs = []  # (engine, pac, hosts, out)

    def answers(engine, pac, hosts):
        out = os.path.join(tmp, "%s.%s.%s.ans" % (
            os.path.basename(pac), os.path.basename(hosts), engine))
        jobs.append((engine, pac, hosts, out))
        return out

    # ---- no partial file: the output path is a directory ----
    outdir = os.path.join(tmp, "out")
    os.makedirs(os.path.join(outdir, "proxy.pac"))
    r = subprocess.run([binp, "pac", "-o", os.path.join(outdir, "proxy.pac")],
                       cwd=root, capture_output=True)
    left = sorted(os.listdir(outdir))
    if r.returncode == 2 and left == ["proxy.pac"] and \
            os.path.isdir(os.path.join(outdir, "proxy.pac")):
        ok()
        print("unwritable output: exit 2, no file left behind")
    else:
        fail("unwritable output: exit %d, directory holds %s" % (
            r.returncode, left))

    # ---- corpora ----
    ww = ["data/endpoints/worldwide-2025-11-14.json",
          "data/endpoints/worldwide-2020092900.json"]

    def corpus(name, feeds):
        tsv = os.path.join(tmp, name + ".tsv")
        with open(tsv, "w") as f:
            run([sys.executable, os.path.join(pacdir, "pac-corpus.py")] +
                [os.path.join(root, x) for x in feeds], stdout=f)
        rows = [l.rstrip("\n").split("\t") for l in open(tsv)]
        hosts = os.path.join(tmp, name + ".hosts")
        uniq = []
        seen = set()
        for h, b in rows:
            for x in (h, b):
                if x not in seen:
                    seen.add(x)
                    uniq.append(x)
        with open(hosts, "w") as f:
            f.write("".join(x + "\n" for x in uniq))
        return rows, hosts, uniq

    # ---- 1. types 1 and 2 ----
    wrows, whosts, wuniq = corpus("worldwide", ww)
    t12 = []  # (label, ref answers per engine, fast, fast-lower, compat)
    for snap, feed in (("2025-11-14", ww[0]), ("2020092900", ww[1])):
        for t in ("1", "2"):
            ref = os.path.join(root, "data/reference/ms-style-type%s%s.pac" % (
                t, "" if snap == "2025-11-14" else "-2020092900"))
            base = os.path.join(tmp, "t%s-%s" % (t, snap))
            fast = gen(base + "-fast.pac", "--catalog", feed, "--type", t)
            fastl = gen(base + "-fastl.pac", "--catalog", feed, "--type", t,
                        "--lowercase")
            comp = gen(base + "-compat.pac", "--catalog", feed, "--type", t,
                       "--style", "compat")
            compl = gen(base + "-compatl.pac", "--catalog", feed, "--type", t,
                        "--style", "compat", "--lowercase")
            refb = open(ref, "rb").read()
            for pac, want, what in ((comp, refb, "compat"),
                                    (compl, refb.replace(
                                        b";\r\n\r\n    if(", b";\r\n\r\n" +
                                        LOWER_LINE + b"    if(", 1),
                                     "compat --lowercase")):
                got = b"".join(l for l in open(pac, "rb").readlines()
                               if not l.startswith(b"// m365route"))
                if got == want:
                    ok()
                    print("type %s %s: %s is %s byte for byte (header aside)"
                          % (t, snap, what, os.path.relpath(ref, root)))
                else:
                    fail("type %s %s: %s differs from %s" % (t, snap, what, ref))
            for e in engines:
                t12.append(("type %s %s" % (t, snap), e,
                            answers(e, ref, whosts), answers(e, fast, whosts),
                            answers(e, fastl, whosts),
                            answers(e, comp, whosts) if e == "node" else None))

    # ---- 2. expressroute ----
    er = []  # (label, engine, tsv rows, classify routes file, fast, compat)
    for label, src in (("worldwide", ["--instance", "worldwide"]),
                       ("china", ["--instance", "china"]),
                       ("usgovdod", ["--instance", "usgovdod"]),
                       ("usgovgcchigh", ["--instance", "usgovgcchigh"]),
                       ("worldwide-2020092900", ["--catalog", ww[1]])):
        feeds = {"worldwide": [ww[0]],
                 "china": ["data/endpoints/china-2025-11-14.json"],
                 "usgovdod": ["data/endpoints/usgovdod-2025-11-14.json"],
                 "usgovgcchigh": ["data/endpoints/usgovgcchigh-2025-11-14.json"],
                 "worldwide-2020092900": [ww[1]]}[label]
        rows, hosts, uniq = corpus("er-" + label, feeds + ww)
        cls = os.path.join(tmp, "er-%s.cls" % label)
        with open(hosts) as fi, open(cls, "w") as fo:
            r = subprocess.run([binp, "classify", "--format", "tsv"] + src,
                               stdin=fi, stdout=fo, stderr=subprocess.DEVNULL,
                               cwd=root)
        if r.returncode not in (0, 1):
            fail("classify exited %d for %s" % (r.returncode, label))
            continue
        base = os.path.join(tmp, "er-" + label)
        fast = gen(base + "-fast.pac", *src)
        comp = gen(base + "-compat.pac", "--style", "compat", *src)
        for e in engines:
            er.append((label, e, hosts, uniq, cls, answers(e, fast, hosts),
                       answers(e, comp, hosts)))

    # ---- run every evaluation, two at a time ----
    workers = int(os.environ.get("MR_PAC_JOBS", "2"))
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as ex:
        errs = list(ex.map(lambda j: evaluate(*j), jobs))
    for e in errs:
        if e:
            fail(e)
    if any(errs):
        return finish()

    def load(path, uniq):
        a = [l.rstrip("\n") for l in open(path)]
        if len(a) != len(uniq):
            fail("%s: %d answers for %d hosts" % (path, len(a), len(uniq)))
            return None
        return dict(zip(uniq, a))

    # ---- compare ----
    print()
    print("%-28s %-9s %-22s %7s %7s %9s %7s" % (
        "what", "engine", "file", "hosts", "agree", "disagree", "direct"))
    for label, e, ref, fast, fastl, comp in t12:
        R = load(ref, wuniq)
        if R is None:
            continue
        for name, path, lower in (("fast", fast, False),
                                  ("fast --lowercase", fastl, True),
                                  ("compat", comp, False)):
            if path is None:
                continue
            A = load(path, wuniq)
            if A is None:
                continue
            agree = bad = direct = 0
            for h, b in wrows:
                want = R[b] if lower else R[h]
                got = A[h]
                direct += got == "DIRECT"
                if got == want and not got.startswith("ERROR"):
                    agree += 1
                else:
                    bad += 1
                    if bad <= 10:
                        print("  %s %s %s: %r ours %r reference %r" % (
                            label, e, name, h, got, want))
            report(label, e, name, len(wrows), agree, bad, direct)

    for label, e, hosts, uniq, cls, fast, comp in er:
        routes = {}
        skipped = 0
        for l in open(cls):
            f = l.rstrip("\n").split("\t")
            tgt, route, by = f[0], f[1], f[5] if len(f) > 5 else ""
            if route == "invalid" or "/" in by or ":" in tgt or "[" in tgt:
                continue
            routes[tgt] = route
        for name, path in (("fast", fast), ("compat", comp)):
            A = load(path, uniq)
            if A is None:
                continue
            agree = bad = direct = 0
            skipped = 0
            for h in uniq:
                if h not in routes:
                    skipped += 1
                    continue
                want = "DIRECT" if routes[h] == "expressroute" else PROXY
                got = A[h]
                direct += got == "DIRECT"
                if got == want:
                    agree += 1
                else:
                    bad += 1
                    if bad <= 10:
                        print("  expressroute %s %s %s: %r ours %r classify %s"
                              % (label, e, name, h, got, routes[h]))
            report("expressroute " + label, e, name, agree + bad, agree, bad,
                   direct, "(%d not host names for classify)" % skipped)
    return finish()


def report(label, engine, name, n, agree, bad, direct, extra=""):
    print("%-28s %-9s %-22s %7d %7d %9d %7d %s" % (
        label, engine, name, n, agree, bad, direct, extra))
    ok(agree)
    global failed
    failed += bad
    if n == 0:
        fail("%s %s %s: nothing compared" % (label, engine, name))


def finish():
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
