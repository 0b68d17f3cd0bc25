#!/usr/bin/env bash
# verify-mrt.sh - `m365route verify` on an Internet-sized MRT RIB dump:
# bench_gen_mrt's ~1.1 M prefixes / ~1.5 M routes (950 k IPv4 + 200 k IPv6
# prefixes, two transits, the lab's trey-research Microsoft routes with
# drift planted: -f), plain and gzip, against
#   - the whole table in memory (tests/verify/verify_paths -w: mr_rib_load()
#     then mr_verify_router(), every route stored), and
#   - the peer, bgpdump -m FILE >/dev/null (Debian's bgpdump, libbgpdump:
#     decodes every route to text), on the same files in the same run.
# Per run: wall clock, CPU time (user + system) and peak RSS from
# /usr/bin/time; the median of REPEAT runs per row. The findings must be
# the same every way (4 errors, 1 warning: the planted drift), or the
# script fails.
#
# usage: bench/verify-mrt.sh <build-dir>
#   V4=950000 V6=200000   prefixes generated (a few collide and are dropped)
#   REPEAT=3              runs per row
#   BEFORE=BIN            also an older m365route on the same files (the
#                         before column of docs/PERFORMANCE.md)
#   KEEP=DIR              keep the generated dumps in DIR (reused if there)
set -uo pipefail

if [ $# -ne 1 ]; then
	echo "usage: $0 <build-dir>" >&2
	exit 2
fi
build=$(cd "$1" && pwd) || exit 2
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
bin=$build/m365route gen=$build/bench/bench_gen_mrt paths=$build/tests/verify_paths
for x in "$bin" "$gen" "$paths"; do
	[ -x "$x" ] || { echo "$0: $x: not built" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "$0: /usr/bin/time missing (Debian: time)" >&2; exit 2; }
command -v bgpdump >/dev/null || { echo "$0: bgpdump missing (scripts/install-deps)" >&2; exit 2; }
repeat=${REPEAT:-3}
if [ -n "${KEEP:-}" ]; then
	dir=$KEEP
	mkdir -p "$dir" || exit 2
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/mr-verify-mrt.XXXXXX") || exit 2
	trap 'rm -rf "$tmp"' EXIT
else
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/mr-verify-mrt.XXXXXX") || exit 2
	trap 'rm -rf "$tmp"' EXIT
	dir=$tmp
fi
status=0
dump=$dir/rib-${V4:-950000}-${V6:-200000}.mrt
if [ ! -s "$dump.gz" ]; then
	/usr/bin/time -f '%e %U %S' -o "$tmp/gtime" "$gen" -f -4 "${V4:-950000}" \
		-6 "${V6:-200000}" "$src/tests/verify/data/trey-r0.frr-rib.mrt" \
		"$dump" 2>"$dump.facts" || { cat "$dump.facts" >&2; exit 2; }
	gzip -6 -c "$dump" >"$dump.gz" || exit 2
	echo "generated in $(cut -d' ' -f1 "$tmp/gtime") s" >>"$dump.facts"
fi
echo "dump:  $(sed 's/^bench_gen_mrt: //' "$dump.facts" | tr '\n' ' ')"
echo "       $(stat -c %s "$dump" | awk '{printf "%.1f MB", $1/1e6}') plain," \
	"$(stat -c %s "$dump.gz" | awk '{printf "%.1f MB", $1/1e6}') gzip -6"
echo "load:  $(cut -d' ' -f1-3 /proc/loadavg) (before the runs)"
echo

median() { sort -g | awk '{v[NR]=$1} END {if (NR) print v[int((NR+1)/2)]; else print "-"}'; }

# row LABEL RESULT-PATTERN CMD...: REPEAT runs; prints the medians. The
# command's stdout+stderr must match RESULT-PATTERN (grep -E) every time.
row() {
	local label=$1 want=$2 k
	shift 2
	: >"$tmp/rows"
	for ((k = 0; k < repeat; k++)); do
		# exit 1 is verify's "drift found"; the pattern judges the run
		/usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$@" >"$tmp/out" 2>&1
		if [ "$want" != any ] && ! grep -Eq "$want" "$tmp/out"; then
			echo "$0: $label: not '$want':" >&2
			tail -5 "$tmp/out" >&2
			status=1
		fi
		tail -1 "$tmp/time" |
			awk '{printf "%s %.2f %.1f\n", $1, $2 + $3, $4 / 1024}' >>"$tmp/rows"
	done
	printf '%-48s %8s %8s %9s\n' "$label" \
		"$(awk '{print $1}' "$tmp/rows" | median)" \
		"$(awk '{print $2}' "$tmp/rows" | median)" \
		"$(awk '{print $3}' "$tmp/rows" | median)"
}

verdict='4 errors, 1 warning'
printf '%-48s %8s %8s %9s\n' "" "wall s" "CPU s" "RSS MB"
for f in "$dump" "$dump.gz"; do
	kind=plain
	[ "${f%.gz}" != "$f" ] && kind=gzip
	row "m365route verify ($kind)" "$verdict" \
		"$bin" verify --example trey-research -r "er-seattle=mrt:$f"
	row "whole table in memory ($kind, verify_paths -w)" "status 0, [0-9]+ routes read, [0-9]+ kept, 5 findings" \
		"$paths" --example trey-research er-seattle -w "$f"
	if [ -n "${BEFORE:-}" ]; then
		row "before: $(basename "$BEFORE") verify ($kind)" "$verdict" \
			"$BEFORE" verify --example trey-research -r "er-seattle=mrt:$f"
	fi
	row "bgpdump -m ($kind) >/dev/null" any bgpdump -m "$f"
done
echo
echo "load:  $(cut -d' ' -f1-3 /proc/loadavg) (after the runs)"
exit $status
