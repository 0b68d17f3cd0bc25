#!/usr/bin/env bash
# m365route usage on real gzip files, made here with gzip(1):
# - members concatenated (`cat a.gz b.gz`) are all read: the same report
#   as the plain log, exit 0;
# - plain lines appended after the gzip data (as when someone appends to a
#   rotated file; `gzip -t` says "trailing garbage") are never dropped
#   silently: a warning names the file and the number of bytes, exit 1,
#   JSON has them as trailing_bytes (issue: 1 of 6 requests, exit 0).
set -u
. "$(dirname "$0")/lib.sh"
mr_start "$@"
mr_abs_paths
export M365ROUTE_DATA_DIR= # never a catalog stored on this machine
mr_tmpdir
ok() { pass=$((pass + 1)); }
ko() {
	echo "FAIL $1"
	sed 's/^/  /' "$tmp/err" | head -5
	fail=$((fail + 1))
}

usage() { # out-file args... ; the exit status in $rc
	local out=$1
	shift
	"$cli" usage --no-progress "$@" >"$tmp/$out" 2>"$tmp/err"
	rc=$?
}

log=$root/tests/golden/usage/data/clean.log # 12 requests, none malformed
cd "$tmp" || exit 2
head -n 1 "$log" >one.log
sed -n 2,6p "$log" >five.log
head -n 5 "$log" >a.log
tail -n +6 "$log" >b.log
gzip -c -n one.log >one.gz
gzip -c -n a.log >a.gz
gzip -c -n b.log >b.gz

# -- concatenated members
cat a.gz b.gz >ab.gz
gzip -t ab.gz 2>/dev/null || echo "note: gzip -t refuses ab.gz"
usage plain.out "$log"
usage ab.out ab.gz
if [ "$rc" = 0 ] && [ ! -s err ] && cmp -s plain.out ab.out; then ok; else ko "members: rc=$rc, or not the plain report"; fi
grep -q '^1 input, 12 lines, 12 requests, 0 malformed' ab.out && ok || ko "members: 12 requests"
cat b.gz a.gz b.gz >bab.gz
usage bab.out bab.gz
grep -q '^1 input, 19 lines, 19 requests, 0 malformed' bab.out && ok || ko "three members: 19 requests"

# -- plain text after the gzip data: the issue's file, 1 + 5 requests
cat one.gz five.log >appended.gz
trailing=$(stat -c %s five.log)
gzip -t appended.gz 2>gz.err
grep -q 'trailing garbage' gz.err && ok || ko "gzip -t does not see trailing garbage (the test's premise)"
usage app.out appended.gz
if [ "$rc" = 1 ] &&
	grep -q "warning: appended.gz: $trailing bytes after the end of the gzip data are not gzip and were not read" err; then
	ok
else
	ko "appended: want exit 1 and a warning with $trailing bytes (rc=$rc)"
fi
grep -q '^1 input, 1 lines, 1 requests, 0 malformed' app.out && ok || ko "appended: the gzip member's request"
usage app.json -f json appended.gz
grep -q "\"gzip\":true,\"truncated\":false,.*\"trailing_bytes\":$trailing,\"problem\":\"bytes after the end of the gzip data" app.json && ok || ko "appended: JSON trailing_bytes"
# the same from standard input
"$cli" usage --no-progress - <appended.gz >stdin.out 2>err
rc=$?
if [ "$rc" = 1 ] && grep -q "warning: <stdin>: $trailing bytes after" err; then ok; else ko "stdin: rc=$rc"; fi
# members then text: every member read, the text reported
cat a.gz b.gz five.log >ab-text.gz
usage abt.out ab-text.gz
if [ "$rc" = 1 ] && grep -q "ab-text.gz: $trailing bytes after" err &&
	grep -q '^1 input, 12 lines, 12 requests' abt.out; then
	ok
else
	ko "members then text: rc=$rc"
fi
# the count survives a partial and a merge
usage p.out --emit-partial app.partial appended.gz
"$cli" usage merge app.partial >merge.out 2>err
rc=$?
if [ "$rc" = 1 ] && grep -q "appended.gz: $trailing bytes after" err; then ok; else ko "merge: rc=$rc"; fi

mr_finish
