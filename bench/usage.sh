#!/usr/bin/env bash
# usage.sh - `m365route usage` throughput and memory on a generated Squid
# access.log, side by side with GoAccess 1.7 and `wc -l` on the same file.
#
# usage: bench/usage.sh <build-dir> [SIZE]     (default 2G; K, M, G suffixes)
#
# Environment:
#   BENCH_DIR          where the log is written (default $TMPDIR or /tmp);
#                      it needs SIZE free (checked) and is deleted at the end
#   BENCH_KEEP=1       keep the log
#   GOACCESS_LINES=N   run GoAccess on the first N lines only (default: the
#                      whole file; GoAccess needs minutes and GBs of RAM)
#   RUNS=N             hyperfine runs per command (default 5)
#   GOACCESS_SKIP=1    no GoAccess run (it takes about 18 minutes on 2 GiB)
#
# Steps: generate with <build-dir>/bench/bench_gen_log (deterministic), warm
# the page cache (cat > /dev/null), then hyperfine:
#   wc -l LOG
#   m365route usage --threads 1 --top 10 -f json LOG > /dev/null
#   m365route usage --threads 2 --top 10 -f json LOG > /dev/null
# peak memory of each m365route run with /usr/bin/time -v, and GoAccess
# with the custom format that plain Squid logs need (peers doc, section
# 1.5; allinurl/goaccess#836):
#   goaccess LOG --log-format='%x.%^ %~ %L %h %^/%s %b %m %U %^'
#            --date-format=%s --time-format=%s -o json > /dev/null
# MB/s = log bytes / median wall time (10^6 bytes). Prints, never fails on,
# the targets: >= 400 MB/s on one thread, >= 1.6x that on two, <= 64 MB.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

bench_args SIZE "$@"
build=$(cd "$1" && pwd)
size=${2:-2G}
bin=$build/m365route
gen=$build/bench/bench_gen_log
runs=${RUNS:-5}
bench_built "$build" "$bin" "$gen"
bench_tools hyperfine goaccess /usr/bin/time

case $size in
*G | *g) bytes=$((${size%?} * 1024 * 1024 * 1024)) ;;
*M | *m) bytes=$((${size%?} * 1024 * 1024)) ;;
*K | *k) bytes=$((${size%?} * 1024)) ;;
*) bytes=$size ;;
esac
dir=${BENCH_DIR:-${TMPDIR:-/tmp}}
avail=$(df -P -B1 "$dir" | awk 'NR == 2 { print $4 }')
if [ "$avail" -lt $((bytes + bytes / 4)) ]; then
	echo "usage.sh: $dir has $avail bytes free, $((bytes + bytes / 4)) needed" >&2
	exit 2
fi
tmp=$(mktemp -d "$dir/mr-bench-usage.XXXXXX")
[ "${BENCH_KEEP:-0}" = 1 ] || trap 'rm -rf "$tmp"' EXIT
log=$tmp/access.log

echo "== machine"
date -u '+%Y-%m-%d %H:%M UTC'
lscpu | sed -n 's/^Model name: *//p; s/^CPU(s): */CPUs: /p'
uptime
echo "== generate: $gen -b $size"
"$gen" -b "$size" >"$log"
real=$(stat -c %s "$log")
lines=$(wc -l <"$log")
echo "log: $real bytes, $lines lines ($log)"
cat "$log" >/dev/null

echo "== throughput (hyperfine --warmup 1 --runs $runs; page cache warm)"
hyperfine --warmup 1 --runs "$runs" --export-json "$tmp/hf.json" \
	-n wc-l "wc -l $log" \
	-n usage-1 "$bin usage --threads 1 --top 10 -f json $log > /dev/null" \
	-n usage-2 "$bin usage --threads 2 --top 10 -f json $log > /dev/null" |
	grep -v '^ *$' || true

echo "== peak memory (/usr/bin/time -v)"
for t in 1 2; do
	/usr/bin/time -v "$bin" usage --threads "$t" --top 10 -f json "$log" \
		2>"$tmp/time$t" >/dev/null || true
	echo "usage --threads $t: $(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/time$t") KB max RSS," \
		"$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/time$t") wall"
done

if [ "${GOACCESS_SKIP:-0}" = 1 ]; then
	ga_wall=0:00 same_wall=0:00
else
echo "== GoAccess $(goaccess --version | sed -n 1p)"
ga_log=$log
if [ -n "${GOACCESS_LINES:-}" ]; then
	ga_log=$tmp/head.log
	head -n "$GOACCESS_LINES" "$log" >"$ga_log"
fi
ga_bytes=$(stat -c %s "$ga_log")
/usr/bin/time -v goaccess "$ga_log" --log-format='%x.%^ %~ %L %h %^/%s %b %m %U %^' \
	--date-format=%s --time-format=%s -o json >"$tmp/ga.json" 2>"$tmp/ga.time" || true
ga_wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/ga.time")
ga_rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$tmp/ga.time")
echo "goaccess on $ga_bytes bytes: $ga_wall wall, $ga_rss KB max RSS"
/usr/bin/time -v "$bin" usage --threads 1 --top 10 -f json "$ga_log" \
	>/dev/null 2>"$tmp/same.time" || true
same_wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$tmp/same.time")
echo "m365route usage --threads 1 on the same bytes: $same_wall wall"
fi

echo "== summary"
python3 - "$tmp/hf.json" "$real" "$lines" "$ga_wall" "$same_wall" "$tmp/time1" "$tmp/time2" <<'EOF'
import json, sys
hf = json.load(open(sys.argv[1]))
size, lines = int(sys.argv[2]), int(sys.argv[3])
def secs(s):
    p = [float(x) for x in s.split(":")]
    return sum(v * 60 ** (len(p) - 1 - i) for i, v in enumerate(p))
med = {r["command"]: r["median"] for r in hf["results"]}
def rss(f):
    for l in open(f):
        if "Maximum resident" in l:
            return int(l.split()[-1]) / 1024
for k in ("wc-l", "usage-1", "usage-2"):
    print("%-8s median %7.3f s  %7.1f MB/s  %6.2f M lines/s" % (
        k, med[k], size / med[k] / 1e6, lines / med[k] / 1e6))
one, two = size / med["usage-1"] / 1e6, size / med["usage-2"] / 1e6
print("1 thread: %.1f MB/s (target >= 400): %s" % (one, "met" if one >= 400 else "MISSED"))
print("2 threads: %.2fx one thread (target >= 1.6x): %s" % (two / one, "met" if two / one >= 1.6 else "MISSED"))
for t, f in (("1", sys.argv[6]), ("2", sys.argv[7])):
    m = rss(f)
    print("peak RSS, %s thread(s): %.1f MB (target <= 64): %s" % (t, m, "met" if m <= 64 else "MISSED"))
ga, same = secs(sys.argv[4]), secs(sys.argv[5])
if same > 0:
    print("GoAccess / m365route (1 thread, same file): %.1fx (target >= 50x)" % (ga / same))
print("m365route usage vs wc -l: %.2fx the time of wc -l" % (med["usage-1"] / med["wc-l"]))
EOF
