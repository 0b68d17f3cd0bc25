#!/usr/bin/env bash
# sim-single.sh - `simulate --failures single` (mr_sim_failures_single) as
# the design grows: the library's way (the base's shortest-path trees
# repaired per failure) and the previous one (one Dijkstra from each
# dependent site a failure touches), side by side in the same run, on
# bench_sim's synthetic designs (bench/bench_sim.c: C/2 hubs in a ring,
# branches homed on them, every 10th with its own Internet circuit and
# proxy).
#
# usage: bench/sim-single.sh <build-dir>
#   SIZES="1000 2000 4000 10000 20000"  sites (CIRCUITS=100 circuits each)
#   REPEAT=3         runs per size and way; the median is reported
#   OLD_MAX=10000    the previous way only up to this many sites (it grows
#                    as sites^2: 20,000 sites would take minutes per run)
#   OLD_REPEAT_MAX=4000  above this size the previous way runs once
#
# Per run: wall clock and CPU time of the single-failure matrix alone
# (bench_sim's own clocks; CPU time is what one core spends, wall clock
# also counts waiting for a CPU on a shared machine), flow changes (the
# same for both ways, or the script fails) and the process's peak RSS from
# /usr/bin/time -v (the design, the base run and the matrix). Prints one
# table row per size with the medians.
set -uo pipefail

if [ $# -ne 1 ]; then
	echo "usage: $0 <build-dir>" >&2
	exit 2
fi
build=$(cd "$1" && pwd) || exit 2
bin=$build/bench/bench_sim
[ -x "$bin" ] || { echo "$0: $bin: not built" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "$0: /usr/bin/time missing (Debian: time)" >&2; exit 2; }
sizes=${SIZES:-1000 2000 4000 10000 20000}
circuits=${CIRCUITS:-100}
repeat=${REPEAT:-3}
old_max=${OLD_MAX:-10000}
old_repeat_max=${OLD_REPEAT_MAX:-4000}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mr-sim-single.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
status=0

median() { sort -g | awk '{v[NR]=$1} END {if (NR) print v[int((NR+1)/2)]; else print "-"}'; }

# one WAY SITES: appends "wall cpu changes rss_mb" to $tmp/WAY-SITES
one() {
	local way=$1 n=$2 out
	out=$(/usr/bin/time -v -o "$tmp/time" "$bin" -s "$n" -c "$circuits" \
		-r 1 -m "$way" 2>&1) || { echo "$0: bench_sim failed: $out" >&2; return 1; }
	echo "$out" | sed -n 's/.*single failures \([0-9.]*\) s (CPU \([0-9.]*\) s, \([0-9]*\) flow changes).*/\1 \2 \3/p' |
		tr '\n' ' ' >>"$tmp/$way-$n"
	awk -F': ' '/Maximum resident set size/ {printf "%d\n", $2 / 1024}' "$tmp/time" >>"$tmp/$way-$n"
}

col() { awk -v c="$1" '{print $c}' "$2" | median; }

printf '%-7s %-8s | %-30s | %-30s | %s\n' "" "" "repaired trees (now)" "per-site Dijkstra (before)" ""
printf '%7s %8s | %9s %9s %9s | %9s %9s %9s | %s\n' sites circuits \
	"wall s" "CPU s" "RSS MB" "wall s" "CPU s" "RSS MB" "flow changes"
for n in $sizes; do
	for ((k = 0; k < repeat; k++)); do
		one fast "$n" || status=1
		if [ "$n" -le "$old_max" ] && { [ "$k" -eq 0 ] || [ "$n" -le "$old_repeat_max" ]; }; then
			one per-site "$n" || status=1
		fi
	done
	fw=$(col 1 "$tmp/fast-$n") fc=$(col 2 "$tmp/fast-$n") fr=$(col 4 "$tmp/fast-$n")
	ch=$(col 3 "$tmp/fast-$n")
	ow=- oc=- orr=- note=
	if [ -s "$tmp/per-site-$n" ]; then
		ow=$(col 1 "$tmp/per-site-$n") oc=$(col 2 "$tmp/per-site-$n")
		orr=$(col 4 "$tmp/per-site-$n")
		och=$(col 3 "$tmp/per-site-$n")
		if [ "$och" != "$ch" ]; then
			note=" DIFFERENT: per-site $och"
			status=1
		fi
		[ "$(wc -l <"$tmp/per-site-$n")" -lt "$repeat" ] && note="$note (before: 1 run)"
	fi
	printf '%7s %8s | %9s %9s %9s | %9s %9s %9s | %s%s\n' "$n" "$circuits" \
		"$fw" "$fc" "$fr" "$ow" "$oc" "$orr" "$ch" "$note"
done
exit $status
