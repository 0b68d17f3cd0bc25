#!/usr/bin/env bash
# pac-speed.sh - FindProxyForURL calls per second of `m365route pac`'s fast
# file against the reference (Get-PacFile-style shExpMatch chain) file, on
# the same host list, in pacparser 1.3.6 (SpiderMonkey 1.7), Node's V8 and
# Duktape 2.7; on the 2025 worldwide feed and on a synthetic feed ten times
# its size (tests/pac/synth-feed.py).
#
# usage: bench/pac-speed.sh <build-dir> [SECONDS]   (default 3 s per run)
#
# Files (type 2, the same decisions; checked: equal DIRECT counts):
#   reference  data/reference/ms-style-type2.pac (2025); for the 10x feed
#              `m365route pac --type 2 --style compat`, which is Get-PacFile's
#              text byte for byte (tests/scripts/test-pac-parity.sh)
#   fast       m365route pac --type 2 (--style fast, the default)
# Hosts: 5,000 from tools/parity-corpus.py over the feed (exact names,
# filled wildcards, look-alikes, outsiders), every k-th name, fixed.
# pacparser runs through tests/pac/pac-engine.c (re-initialised every 3,000
# calls, as pacparser slows down over long runs). Prints rates and ratios
# with the targets of docs/PERFORMANCE.md (>= 20x Node, >= 10x pacparser,
# fast flat within 1.5x at 10x the feed); fails only when something cannot
# run or two files disagree.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

bench_args SECONDS "$@"
build=$(cd "$1" && pwd)
secs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$build/m365route
bench_built "$build" "$bin"
bench_tools node cc python3
bench_tmpdir pac-speed

cc -O2 -o "$tmp/pac-engine" "$root/tests/pac/pac-engine.c" -lpacparser -lduktape -lm
helpers=$root/tests/pac/pac-helpers.js
bench_pac_inputs "$root" "$bin"

echo "pac-speed.sh: $(wc -l <"$tmp/h1.txt") hosts (1x), $(wc -l <"$tmp/h10.txt") hosts (10x);" \
	"reference 1x $(grep -c shExpMatch "$tmp/ref1.pac") shExpMatch clauses," \
	"10x $(grep -c shExpMatch "$tmp/ref10.pac"); fast 1x $(wc -c <"$tmp/fast1.pac") bytes," \
	"10x $(wc -c <"$tmp/fast10.pac") bytes; $secs s per measurement"
echo "node $(node --version), libpacparser1 $(dpkg-query -W -f='${Version}' libpacparser1 2>/dev/null || echo '?')," \
	"duktape $(dpkg-query -W -f='${Version}' libduktape207 2>/dev/null || echo '?')"

declare -A R D
run() { # key engine pac hosts
	local out
	if [ "$2" = node ]; then
		out=$(node "$root/bench/bench_pac.js" "$secs" "$4" "$3")
		R[$1]=$(echo "$out" | sed -n 's/.*\trate \([0-9]*\).*/\1/p')
		D[$1]=$(echo "$out" | sed -n 's/.*\tdirect \([0-9]*\).*/\1/p')
	else
		out=$("$tmp/pac-engine" bench "$2" "$3" "$4" "$secs" "$helpers")
		R[$1]=$(echo "$out" | sed -n 's/.* rate \([0-9]*\).*/\1/p')
		D[$1]=$(echo "$out" | sed -n 's/.* direct \([0-9]*\).*/\1/p')
	fi
}
status=0
for e in node pacparser duktape; do
	run "$e.ref1" $e "$tmp/ref1.pac" "$tmp/h1.txt"
	run "$e.fast1" $e "$tmp/fast1.pac" "$tmp/h1.txt"
	run "$e.ref10" $e "$tmp/ref10.pac" "$tmp/h10.txt"
	run "$e.fast10" $e "$tmp/fast10.pac" "$tmp/h10.txt"
	run "$e.fast10h1" $e "$tmp/fast10.pac" "$tmp/h1.txt"
	for p in 1 10; do
		if [ "${D[$e.ref$p]}" != "${D[$e.fast$p]}" ]; then
			echo "pac-speed.sh: $e ${p}x: reference DIRECT ${D[$e.ref$p]}, fast ${D[$e.fast$p]}" >&2
			status=1
		fi
	done
done

printf '\n%-10s %12s %12s %8s %12s %12s %8s %10s %10s\n' engine "ref 1x/s" "fast 1x/s" ratio "ref 10x/s" "fast 10x/s" ratio "fast 1x/10x" "ref 1x/10x"
for e in node pacparser duktape; do
	awk -v e=$e -v r1="${R[$e.ref1]}" -v f1="${R[$e.fast1]}" -v r10="${R[$e.ref10]}" -v f10="${R[$e.fast10]}" \
		'BEGIN { printf "%-10s %12d %12d %7.1fx %12d %12d %7.1fx %9.2fx %9.2fx\n", e, r1, f1, f1 / r1, r10, f10, f10 / r10, f1 / f10, r1 / r10 }'
done
echo
for e in node pacparser duktape; do
	echo "$e: fast 10x file on the 1x host list: ${R[$e.fast10h1]} calls/s (1x file: ${R[$e.fast1]})"
done
awk -v n1="${R[node.ref1]}" -v nf="${R[node.fast1]}" -v p1="${R[pacparser.ref1]}" -v pf="${R[pacparser.fast1]}" \
	-v nf10="${R[node.fast10]}" -v pf10="${R[pacparser.fast10]}" 'BEGIN {
	a = (nf / n1 >= 20) ? "met" : "MISSED"
	b = (pf / p1 >= 10) ? "met" : "MISSED"
	c = (nf / nf10 <= 1.5) ? "met" : "MISSED"
	d = (pf / pf10 <= 1.5) ? "met" : "MISSED"
	printf "targets: node >= 20x: %s (%.1fx); pacparser >= 10x: %s (%.1fx); fast flat at 10x (<= 1.5x): node %s (%.2fx), pacparser %s (%.2fx)\n", a, nf / n1, b, pf / p1, c, nf / nf10, d, pf / pf10 }'
echo "decisions: DIRECT counts 1x ref/fast node ${D[node.ref1]}/${D[node.fast1]}, pacparser ${D[pacparser.ref1]}/${D[pacparser.fast1]}, duktape ${D[duktape.ref1]}/${D[duktape.fast1]};" \
	"10x node ${D[node.ref10]}/${D[node.fast10]}, pacparser ${D[pacparser.ref10]}/${D[pacparser.fast10]}, duktape ${D[duktape.ref10]}/${D[duktape.fast10]}"
exit $status
