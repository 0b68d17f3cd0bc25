#!/usr/bin/env bash
# Paths with control characters cannot break or forge a line of text output:
# a design named "x<LF><ESC>[31mcatalog-digest: forged.yaml" shows as
# x\x0a\x1b[31m... in `check`'s diagnostics and summary, in plan's
# findings.txt and in "cannot open" errors alike; JSON and SARIF stay valid
# JSON with the path intact, and the SARIF uri is percent-encoded (RFC 3986).
set -u
. "$(dirname "$0")/lib.sh"
mr_start "$@"
cd "$root" || exit 2
mr_python
mr_tmpdir
export M365ROUTE_DATA_DIR= NO_COLOR=1
check() { # what command...
	local what=$1
	shift
	if out=$("$@" 2>&1); then
		pass=$((pass + 1))
	else
		echo "FAIL $what"
		echo "$out" | head -20
		fail=$((fail + 1))
	fi
}

# Every line of a text rendering is a diagnostic of the design (its escaped
# name first), an excerpt, a note or hint, or a message of the tool: a path
# cannot start a line of its own. No raw ESC, CR or C1 CSI anywhere.
cat >"$tmp/lines.py" <<'EOF'
import re, sys
data = open(sys.argv[1], "rb").read()
want = sys.argv[2].encode("utf-8", "surrogateescape")
for bad in (b"\x1b", b"\r", b"\xc2\x9b"):
    if bad in data:
        sys.exit(f"raw {bad!r} in the output")
ok = re.compile(rb"^( *[0-9]* \| |note: |hint: |m365route: )")
lines = data.split(b"\n")
if lines[-1] != b"":
    sys.exit("the output does not end with a newline")
n = 0
for line in lines[:-1]:
    if line.startswith(want + b":"):
        n += 1
    elif not ok.match(line):
        sys.exit(f"unexpected line {line!r}")
if n < int(sys.argv[3]):
    sys.exit(f"{n} lines name the design, expected at least {sys.argv[3]}")
EOF

# The same design under three names: ESC and a forged line; a C1 CSI
# (U+009B), a byte that is not UTF-8 and a backslash; printable UTF-8, a
# space, '%' and ':', which text keeps and the SARIF uri encodes.
names=($'x\n\033[31mcatalog-digest: forged.yaml'
	$'y\xc2\x9b31m\xff\\.yaml'
	$'z \xc3\xbc%:.yaml')
shown=('x\x0a\x1b[31mcatalog-digest: forged.yaml'
	'y\xc2\x9b31m\xff\x5c.yaml'
	$'z \xc3\xbc%:.yaml')
uris=('x%0A%1B%5B31mcatalog-digest%3A%20forged.yaml'
	'y%C2%9B31m%FF%5C.yaml'
	'z%20%C3%BC%25%3A.yaml')
base=tests/golden/check/broken-everything.yaml
for i in 0 1 2; do
	n=${names[$i]} s=${shown[$i]} u=${uris[$i]} d=$tmp/d$i
	mkdir "$d"
	cp "$base" "$d/$n"
	# check, text: the diagnostics and the summary line.
	(cd "$d" && "$cli" check --embedded -v -- "$n") 2>"$d/err" >"$d/out"
	check "$i: check rc 1" [ $? = 1 ]
	check "$i: check stdout empty" [ ! -s "$d/out" ]
	check "$i: check text lines" "$py" "$tmp/lines.py" "$d/err" "$s" 40
	check "$i: summary line" grep -qxF "$s: 24 errors, 23 warnings, 8 notes" "$d/err"
	# --diag-format=json: one JSON object per line, the name intact (check
	# ends with its text summary line).
	(cd "$d" && "$cli" check --embedded --diag-format=json -- "$n") 2>"$d/djson"
	check "$i: --diag-format=json" "$py" -c '
import json, sys
lines = open(sys.argv[1], "rb").read().split(b"\n")
want = sys.argv[2].encode("utf-8", "surrogateescape")
assert lines[-1] == b"", lines[-1]
assert lines[-2] == sys.argv[3].encode("utf-8", "surrogateescape") + b": 24 errors, 23 warnings, 8 notes", lines[-2]
assert len(lines) >= 40, len(lines)
for line in lines[:-2]:
    assert json.loads(line)["file"] == want.decode("utf-8", "replace"), line
' "$d/djson" "$n" "$s"
	# JSON: valid, the name intact: UTF-8 as it is, a control character
	# (C1 too) as \u00XX, a byte that is not UTF-8 as \ufffd (U+FFFD).
	(cd "$d" && "$cli" check --embedded -f json -- "$n") >"$d/json" 2>/dev/null
	check "$i: -f json" "$py" -c '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
want = sys.argv[2].encode("utf-8", "surrogateescape")
want = want.decode("utf-8", "replace")
assert d["design"] == want, d["design"]
assert len(d["diagnostics"]) == 55
for r in d["diagnostics"]:
    assert r["file"] == want, r["file"]
' "$d/json" "$n"
	# printable UTF-8 comes out as it is ("\u00c3\u00bc" before).
	if [ "$i" = 2 ]; then
		check "$i: json keeps UTF-8" grep -qF '"design":"z '$'\xc3\xbc''%:.yaml"' "$d/json"
		check "$i: diag json keeps UTF-8" grep -qF '"file":"z '$'\xc3\xbc''%:.yaml"' "$d/djson"
	fi
	# SARIF: valid, and every uri the percent-encoded name.
	(cd "$d" && "$cli" check --embedded -f sarif -- "$n") >"$d/sarif" 2>/dev/null
	check "$i: sarif-check" "$py" tools/sarif-check.py "$d/sarif" --expect-results
	check "$i: sarif uri" "$py" -c '
import json, sys, urllib.parse
d = json.load(open(sys.argv[1], encoding="utf-8"))
uris = {l["physicalLocation"]["artifactLocation"]["uri"]
        for r in d["runs"][0]["results"] for l in r.get("locations", [])}
assert uris == {sys.argv[2]}, uris
back = urllib.parse.unquote_to_bytes(sys.argv[2])
assert back == sys.argv[3].encode("utf-8", "surrogateescape"), back
' "$d/sarif" "$u" "$n"
	# plan: findings.txt is the same text rendering.
	(cd "$d" && "$cli" plan --embedded -o plan -- "$n") >"$d/plan.out" 2>/dev/null
	check "$i: findings.txt lines" "$py" "$tmp/lines.py" "$d/plan/findings.txt" "$s" 40
	# summary.txt and plan's stdout: the name escaped, no forged line.
	check "$i: one catalog-digest line" [ "$(grep -c '^catalog-digest:' "$d/plan/summary.txt")" = 1 ]
	check "$i: summary design line" grep -qxF "design:   $s" "$d/plan/summary.txt"
	check "$i: no ESC in summary.txt" sh -c '! grep -q "$(printf "\033")" "$1"' _ "$d/plan/summary.txt"
	check "$i: plan stdout names it escaped" grep -qxF "plan of $s" "$d/plan.out"
	check "$i: no ESC on plan's stdout" sh -c '! grep -q "$(printf "\033")" "$1"' _ "$d/plan.out"
	# "cannot open" shows the name as the diagnostics do.
	rm "$d/$n"
	(cd "$d" && "$cli" check --embedded -- "$n") 2>"$d/err" >/dev/null
	check "$i: cannot open" grep -qxF "m365route: error: cannot open '$s': No such file or directory" "$d/err"
done

# Input-derived strings in the CLI's own messages are escaped too.
"$cli" check --embedded --diag-format=$'j\033]0;t\a' 2>"$tmp/err"
check "diag-format rc 2" [ $? = 2 ]
check "diag-format escaped" grep -qxF "m365route: error: --diag-format takes text or json, not 'j\x1b]0;t\x07'" "$tmp/err"
"$cli" check --embedded $'--x\n\033[2J' 2>"$tmp/err"
check "unknown option escaped" grep -qxF "m365route: error: check: unknown option '--x\x0a\x1b[2J' (see 'm365route check --help')" "$tmp/err"
"$cli" check --example $'e\033' 2>"$tmp/err"
check "no example escaped" grep -qF "m365route: error: no example 'e\x1b';" "$tmp/err"
"$cli" check -f $'s\r' --example trey-research 2>"$tmp/err"
check "--format escaped" grep -qxF "m365route: error: --format takes text, json, sarif or html, not 's\x0d'" "$tmp/err"
# A long one is cut with "..." after whole escapes, never inside one.
long=--$(printf 'a%.0s' $(seq 1 240))$'\033\033\033\033\033'
"$cli" check --embedded "$long" 2>"$tmp/err"
check "long option cut" grep -qxF "m365route: error: check: unknown option '--$(printf 'a%.0s' $(seq 1 240))\x1b\x1b...' (see 'm365route check --help')" "$tmp/err"
check "long option: no raw ESC" "$py" -c 'import sys; sys.exit(b"\x1b" in open(sys.argv[1], "rb").read())' "$tmp/err"
mr_finish
