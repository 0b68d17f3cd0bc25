#!/usr/bin/env bash
# classify bulk input: a line over the 1 MiB limit is one invalid target
# under its true line number, skipped to its end, whatever its size and
# however the input arrives (a file, a pipe, chunks that end anywhere near
# the line ends); a line of exactly 1 MiB of content (LF, CR LF or none) is
# a target like any other.
set -u
. "$(dirname "$0")/lib.sh"
cli=$1
mr_tmpdir
mr_python

exec "$py" - "$cli" "$tmp" <<'EOF'
import array, fcntl, json, os, re, subprocess, sys, termios, time

cli, tmp = sys.argv[1], sys.argv[2]
MIB = 1 << 20
HOST = b"outlook.office365.com"  # expressroute in the embedded catalog
LONG = "line longer than 1 MiB"
passed = failed = 0
written = None  # the data in tmp/in


def host_line(content, end=b"\n"):
    """HOST padded in front with blanks to content bytes (trimmed by
    classify, so a line at the limit is still a valid target)."""
    return b" " * (content - len(HOST)) + HOST + end


def expect(data):
    """The model: per physical line, None (skipped) or (route, why)."""
    lines = data.split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    rows = []
    for no, l in enumerate(lines, 1):
        if l in (b"", b"\r") or l.startswith(b"#"):
            continue
        content = len(l) - (1 if l.endswith(b"\r") else 0)
        if content > MIB:
            rows.append((no, "invalid", LONG))
        elif l.strip(b" \t\r") == HOST:
            rows.append((no, "expressroute", None))
        else:
            rows.append((no, "invalid", "*"))
    return rows


def feed(proc, data, cuts):
    """Write data to proc's stdin so that a read ends at each cut: the
    bytes after a cut are written only once the pipe is empty."""
    fd = proc.stdin.fileno()
    pos = 0
    for cut in sorted(cuts) + [len(data)]:
        view = memoryview(data)[pos:cut]
        while len(view) > 0:
            view = view[os.write(fd, view):]
        pos = cut
        n = array.array("i", [0])
        while True:
            fcntl.ioctl(fd, termios.FIONREAD, n)
            if n[0] == 0 or proc.poll() is not None:
                break
            time.sleep(0.0005)
    proc.stdin.close()


def run(fmt, data, how, cuts=()):
    global written
    path = os.path.join(tmp, "in")
    out = open(os.path.join(tmp, "out"), "w+b")
    err = open(os.path.join(tmp, "err"), "w+b")
    args = [cli, "classify", "-f", fmt]
    if how == "file":
        if written is not data:
            with open(path, "wb") as f:
                f.write(data)
            written = data
        with open(path, "rb") as f:
            rc = subprocess.call(args, stdin=f, stdout=out, stderr=err)
    else:
        p = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=out,
                             stderr=err)
        feed(p, data, cuts if how == "cuts" else ())
        rc = p.wait()
    out.seek(0)
    err.seek(0)
    return rc, out.read().decode(), err.read().decode()


def check(name, fmt, data, how="file", cuts=()):
    global passed, failed
    rows = expect(data)
    rc, out, err = run(fmt, data, how, cuts)
    problems = []
    want_rc = 1 if any(r[1] == "invalid" for r in rows) else 0
    if rc != want_rc:
        problems.append("exit %d, want %d" % (rc, want_rc))
    # stderr: one error per invalid line, at its physical line number
    errs = [l for l in err.splitlines() if l]
    got = [int(m.group(1)) for m in
           (re.match(r"<stdin>:(\d+): error: ", l) for l in errs) if m]
    want = [r[0] for r in rows if r[1] == "invalid"]
    if got != want or len(errs) != len(want):
        problems.append("errors at lines %s, want %s" % (got, want))
    for l, r in zip(errs, [r for r in rows if r[1] == "invalid"]):
        if r[2] == LONG and not l.endswith(
                "...': %s (not a hostname, URL or address)" % LONG):
            problems.append("message: " + l[:120])
    # stdout: one row or record per target, invalid ones included
    if fmt == "tsv":
        got = []
        for l in out.splitlines():
            c = l.split("\t")
            got.append((c[1], c[5] if c[1] == "invalid" else None, c[0]))
    elif fmt == "json":
        got = []
        for l in out.splitlines():
            o = json.loads(l)
            got.append((o["route"], o.get("error"), o["target"]))
    else:
        got = [(l.split(": ")[1], None, l.split(": ")[0])
               for l in out.splitlines() if not l.startswith(" ")]
        rows = [r for r in rows if r[1] != "invalid"]
    if len(got) != len(rows):
        problems.append("%d rows, want %d" % (len(got), len(rows)))
    for g, r in zip(got, rows):
        ok = g[0] == r[1]
        if r[2] == LONG:
            ok = ok and g[1] == LONG and g[2].endswith("...") and \
                len(g[2]) <= 67
        elif r[1] == "expressroute":
            ok = ok and g[2] == HOST.decode()
        if not ok:
            problems.append("line %d: got %s, want %s" % (r[0], g, r[1:]))
    if problems:
        failed += 1
        print("FAIL %s (%s, %s): %s" % (name, fmt, how,
                                        "; ".join(problems[:5])))
    else:
        passed += 1


# The issue: a 100 MB line, a bad target on line 2, a good host on line 3.
big = b"a" * 100000000 + b"\nbad..target\n" + HOST + b"\n"
for fmt in ("tsv", "json", "text"):
    check("100MB", fmt, big)
# The same through a pipe, and with CR LF (10 MB lines will do).
big = b"a" * 10000000 + b"\nbad..target\n" + HOST + b"\n"
check("10MB", "tsv", big, "pipe")
check("10MB-crlf", "tsv", big.replace(b"\n", b"\r\n"))
# A long comment is a comment; a long line of blanks is still too long.
check("long-comment", "tsv", b"#" * (3 * MIB) + b"\n" + HOST + b"\n")
check("long-blank", "tsv",
      b" " * (3 * MIB) + b"\n" + HOST + b"\n" + b"\t" * (MIB + 1) + b"\n")

# The limit: content bytes, the line end (LF, CR LF, a final CR) not counted.
limit = (host_line(MIB) + host_line(MIB + 1) + host_line(MIB, b"\r\n") +
         host_line(MIB + 1, b"\r\n") + host_line(MIB - 1, b"\r\r\n") +
         host_line(MIB, b"\r\r\n") + host_line(MIB + 2, b"\r\n") +
         host_line(MIB - 1, b"\ry\n") + host_line(MIB, b"\ry\n") + HOST +
         b"\n")
for fmt in ("tsv", "json", "text"):
    check("limit", fmt, limit)
for end in (b"", b"\r"):
    for n in (MIB, MIB + 1):
        check("last-line-%d-%r" % (n, end), "tsv",
              b"bad..target\n" + host_line(n, end))
check("last-line-long", "tsv", HOST + b"\n" + b"x" * (5 * MIB))
# The last line follows the rules of the others: a comment, a lone CR.
check("last-comment", "tsv", HOST + b"\n# no newline")
check("last-cr", "tsv", HOST + b"\r\n\r")

# Lines at the limit split across reads: a read ends a byte or two before,
# at, and after each line's content, and between its CR and LF.
lines = [(MIB, b"\n"), (MIB + 1, b"\n"), (MIB, b"\r\n"), (MIB + 1, b"\r\n"),
         (MIB - 1, b"\ry\n"), (MIB, b"\ry\n"), (MIB, b"\r\r\n")]
for delta in (-2, -1, 0, 1, 2):
    for lead in (b"", b"\n", b"#\n", HOST + b"\n"):
        data, cuts = lead, []
        for n, end in lines:
            cuts.append(len(data) + n + delta)
            data += host_line(n, end)
        data += HOST + b"\n"
        check("cut%+d-after-%r" % (delta, lead), "tsv", data, "cuts", cuts)
# A line exactly filling whatever buffer the reader has, whatever its size:
# a file read in one go and the same input through a pipe.
for lead in (b"\n", b"\n\n", b"#a\n"):
    data = lead + host_line(MIB, b"\r\n") + host_line(MIB) + HOST + b"\n"
    check("boundary-%r" % lead, "tsv", data)
    check("boundary-%r" % lead, "tsv", data, "pipe")

print("classify long lines: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
EOF
