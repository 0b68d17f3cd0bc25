#!/usr/bin/env bash
# big-mrt.sh - verify on a generated mid-size MRT RIB dump (about 68,000
# routes: 40,000 IPv4 and 10,000 IPv6 prefixes around the lab's real
# trey-research dump, bench/bench_gen_mrt.c, made here and removed after),
# the way the command line reads it (filtered, streamed) against the whole
# table in memory (verify_paths.c: same reader errors, same findings), on
# the dump plain and gzip, cut short, corrupted, clean, and on every lab
# capture of tests/verify/data; then the drift planted in the dump (-f) is
# what both name, and the command line says the same.
#
# usage: tests/verify/big-mrt.sh M365ROUTE BENCH_GEN_MRT VERIFY_PATHS SRCDIR
set -uo pipefail

if [ $# -ne 4 ]; then
	echo "usage: $0 M365ROUTE BENCH_GEN_MRT VERIFY_PATHS SRCDIR" >&2
	exit 2
fi
bin=$1 gen=$2 paths=$3 src=$4
data=$src/tests/verify/data
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mr-big-mrt.XXXXXX") || exit 2
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
fail=0 pass=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

"$gen" -4 40000 -6 10000 -f "$data/trey-r0.frr-rib.mrt" "$tmp/f.mrt" 2>"$tmp/gen" ||
	{ cat "$tmp/gen"; exit 2; }
"$gen" -4 40000 -6 10000 -s 7 "$data/trey-r0.frr-rib.mrt" "$tmp/c.mrt" 2>/dev/null || exit 2
routes=$(sed -n 's/.* prefixes, \([0-9]*\) routes.*/\1/p' "$tmp/gen")
gzip -c "$tmp/f.mrt" >"$tmp/f.mrt.gz"
size=$(stat -c %s "$tmp/f.mrt")
gsize=$(stat -c %s "$tmp/f.mrt.gz")
head -c $((gsize / 2)) "$tmp/f.mrt.gz" >"$tmp/cut.mrt.gz"
head -c $((size - 1000)) "$tmp/f.mrt" >"$tmp/cut.mrt"
# bytes in the middle of the dump overwritten: records misread from there
cp "$tmp/f.mrt" "$tmp/bad.mrt"
printf '\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377' |
	dd of="$tmp/bad.mrt" bs=1 seek=$((size / 2)) conv=notrunc status=none
cp "$tmp/f.mrt.gz" "$tmp/bad.mrt.gz"
printf 'XXXXXXXXXXXXXXXX' |
	dd of="$tmp/bad.mrt.gz" bs=1 seek=$((gsize / 2)) conv=notrunc status=none

if "$paths" --example trey-research er-seattle "$tmp"/f.mrt "$tmp"/f.mrt.gz \
	"$tmp"/c.mrt "$tmp"/cut.mrt "$tmp"/cut.mrt.gz "$tmp"/bad.mrt \
	"$tmp"/bad.mrt.gz "$data"/trey-r0.* >"$tmp/out" 2>"$tmp/err"; then
	ok
else
	bad "the filtered stream and the whole table differ:"
	cat "$tmp/err"
fi
if "$paths" --example trey-research inet-1 -a "$data"/trey-r1.* \
	>>"$tmp/out" 2>"$tmp/err" &&
	"$paths" --example trey-research er-seattle -a "$data"/trey-r0.frr-advertised* \
		>>"$tmp/out" 2>>"$tmp/err" &&
	"$paths" --example humongous-insurance er-chicago-1 "$data"/humongous-r0.* \
		>>"$tmp/out" 2>>"$tmp/err"; then
	ok
else
	bad "the two ways differ on an advertised table or humongous-insurance:"
	cat "$tmp/err"
fi

if grep ": not read" "$tmp/out"; then bad "a table not read"; else ok; fi

# The planted drift, named by both ways (they agree, above).
sect() { awk -v f="$1" 'index($0, f ":") == 1 {on = 1; print; next} /^[^ ]/ {on = 0} on' "$tmp/out"; }
sect "$tmp/f.mrt" >"$tmp/f.out"
for want in "MR-VER-1] er-seattle: 13.107.6.152/31 (community 12076:5010) is not" \
	"MR-VER-4] er-seattle: 13.107.6.171/32 from Microsoft has local preference 100" \
	"MR-VER-2] er-seattle: 104.40.0.0/16 from Microsoft" \
	"MR-VER-3] er-seattle: 0.0.0.0/0 from Microsoft" \
	"MR-VER-3] er-seattle: 10.99.0.0/16 from Microsoft"; do
	if grep -qF "$want" "$tmp/f.out"; then ok; else bad "f.mrt: no '$want'"; fi
done
if grep -q "^$tmp/f.mrt: $routes routes read, [0-9]* kept, 0 reader errors, 5 findings$" "$tmp/f.out"; then
	ok
else
	bad "f.mrt: not $routes routes and 5 findings:"
	cat "$tmp/f.out"
fi
# The stream keeps Microsoft's routes and the Internet's to the same
# prefixes, not the table.
kept=$(sed -n 's/.* read, \([0-9]*\) kept.*/\1/p' "$tmp/f.out")
if [ -n "$kept" ] && [ "$kept" -lt 200 ]; then ok; else bad "f.mrt: $kept routes kept"; fi
if grep -q "^$tmp/c.mrt: [0-9]* routes read, [0-9]* kept, 0 reader errors, 0 findings$" "$tmp/out"; then
	ok
else
	bad "c.mrt (no drift planted) is not clean"
	sect "$tmp/c.mrt"
fi
for f in cut.mrt cut.mrt.gz bad.mrt bad.mrt.gz; do
	if sect "$tmp/$f" | head -1 | grep -q " [1-9][0-9]* reader errors"; then
		ok
	else
		bad "$f: no reader error"
		sect "$tmp/$f"
	fi
done

# The command line: the same drift, the table's size in its note.
"$bin" verify --example trey-research -r "er-seattle=$tmp/f.mrt.gz" >/dev/null 2>"$tmp/cli"
rc=$?
if [ $rc -eq 1 ] && grep -q "gzip mrt table of router er-seattle ($routes routes)" "$tmp/cli" &&
	grep -q "4 errors, 1 warning" "$tmp/cli"; then
	ok
else
	bad "m365route verify on the gzip dump: exit $rc"
	cat "$tmp/cli"
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
