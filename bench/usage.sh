#!/usr/bin/env bash
# usage.sh - `m365route usage` throughput and memory on generated proxy
# logs (Squid, W3C, gzip), side by side with `wc -l`, the gzip
# decompressors alone and GoAccess 1.7, all in the same run.
#
# usage: bench/usage.sh <build-dir> [SIZE]     (default 2G; K, M, G suffixes)
#
# Environment:
#   BENCH_DIR          where the logs are written (default $TMPDIR or /tmp);
#                      it needs about 2.5 x SIZE free (checked); deleted at
#                      the end
#   BENCH_KEEP=1       keep the logs
#   RUNS=N             runs per command (default 5); the table gives medians
#   W3C_SIZE=S         size of the W3C log (default SIZE)
#   GZIP_SIZE=S        size of the Squid log that is gzip-compressed
#                      (default 512M; pigz -6)
#   GOACCESS_LINES=N   run GoAccess on the first N lines only (default
#                      1000000; 0: the whole Squid log, about 18 minutes
#                      and 2 GB of RAM per 2 GiB)
#   GOACCESS_SKIP=1    no GoAccess run
#
# Every command runs RUNS times under /usr/bin/time (page cache warm):
# wall, CPU (user + sys) and peak RSS. The machine may be shared: the
# figure to compare across runs is MB per CPU-second (log bytes / (user +
# sys)), which other processes disturb much less than wall time; the
# load average is printed before and after. "scalar" is the previous
# scanner (M365ROUTE_USAGE_SCALAR=1), measured in the same run.
# Targets (issue 16): >= 1000 MB/s on one core (Squid), two threads >=
# 1.8 x one thread (wall, quiet machine only), peak RSS <= 64 MB. The
# script prints them; it never fails on them.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

bench_args SIZE "$@"
build=$(cd "$1" && pwd)
size=${2:-2G}
bin=$build/m365route
gen=$build/bench/bench_gen_log
runs=${RUNS:-5}
bench_built "$build" "$bin" "$gen"
bench_tools /usr/bin/time gzip zcat pigz
ga_lines=${GOACCESS_LINES:-1000000}

to_bytes() {
	case $1 in
	*G | *g) echo $((${1%?} * 1024 * 1024 * 1024)) ;;
	*M | *m) echo $((${1%?} * 1024 * 1024)) ;;
	*K | *k) echo $((${1%?} * 1024)) ;;
	*) echo "$1" ;;
	esac
}
bytes=$(to_bytes "$size")
w3c_size=${W3C_SIZE:-$size}
gz_size=${GZIP_SIZE:-512M}
dir=${BENCH_DIR:-${TMPDIR:-/tmp}}
need=$((bytes + $(to_bytes "$w3c_size") + $(to_bytes "$gz_size") / 3))
avail=$(df -P -B1 "$dir" | awk 'NR == 2 { print $4 }')
if [ "$avail" -lt "$need" ]; then
	echo "usage.sh: $dir has $avail bytes free, $need needed" >&2
	exit 2
fi
tmp=$(mktemp -d "$dir/mr-bench-usage.XXXXXX")
[ "${BENCH_KEEP:-0}" = 1 ] || trap 'rm -rf "$tmp"' EXIT
squid=$tmp/access.log
w3c=$tmp/access-w3c.log
gz=$tmp/access.log.gz
rows=$tmp/rows

echo "== machine"
date -u '+%Y-%m-%d %H:%M UTC'
lscpu | sed -n 's/^Model name: *//p; s/^CPU(s): */CPUs: /p'
grep -o -m1 -w 'avx2' /proc/cpuinfo | sed 's/^/CPU has /' || true
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== generate ($gen)"
"$gen" -b "$size" >"$squid"
"$gen" -b "$w3c_size" -w >"$w3c"
"$gen" -b "$gz_size" | pigz -6 >"$gz"
gz_plain=$(zcat "$gz" | wc -c)
for f in "$squid" "$w3c"; do
	echo "$(basename "$f"): $(stat -c %s "$f") bytes, $(wc -l <"$f") lines"
done
echo "$(basename "$gz"): $(stat -c %s "$gz") bytes, $gz_plain decompressed"
cat "$squid" "$w3c" "$gz" >/dev/null

# measure NAME BYTES CMD...: RUNS runs; one row per run in $rows:
# name bytes wall cpu rss_kb
measure() {
	local name=$1 b=$2 i
	shift 2
	for i in $(seq "$runs"); do
		/usr/bin/time -f "%e %U %S %M" -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" || {
			echo "usage.sh: $name failed:" >&2
			cat "$tmp/err" >&2
			exit 2
		}
		awk -v n="$name" -v b="$b" '{ print n, b, $1, $2 + $3, $4 }' "$tmp/t" >>"$rows"
	done
	echo "$name done"
}

echo "== runs ($runs each, page cache warm)"
sb=$(stat -c %s "$squid")
wb=$(stat -c %s "$w3c")
u="$bin usage --top 10 -f json"
measure wc-l "$sb" wc -l "$squid"
measure squid-scalar-1 "$sb" env M365ROUTE_USAGE_SCALAR=1 $u --threads 1 "$squid"
measure squid-sse2-1 "$sb" env M365ROUTE_USAGE_SCANNER=sse2 $u --threads 1 "$squid"
measure squid-1 "$sb" $u --threads 1 "$squid"
measure squid-2 "$sb" $u --threads 2 "$squid"
measure w3c-scalar-1 "$wb" env M365ROUTE_USAGE_SCALAR=1 $u --threads 1 "$w3c"
measure w3c-1 "$wb" $u --threads 1 "$w3c"
measure w3c-2 "$wb" $u --threads 2 "$w3c"
measure gz-zcat "$gz_plain" zcat "$gz"
measure gz-pigz "$gz_plain" pigz -dc "$gz"
if command -v libdeflate-gunzip >/dev/null; then
	measure gz-libdeflate "$gz_plain" libdeflate-gunzip -c "$gz"
fi
measure gz-1 "$gz_plain" $u --threads 1 "$gz"
measure gz-2 "$gz_plain" $u --threads 2 "$gz"

ga_row=
if [ "${GOACCESS_SKIP:-0}" != 1 ] && command -v goaccess >/dev/null; then
	echo "== GoAccess $(goaccess --version | sed -n 1p)"
	ga_log=$squid
	if [ "$ga_lines" != 0 ]; then
		ga_log=$tmp/head.log
		head -n "$ga_lines" "$squid" >"$ga_log"
	fi
	gb=$(stat -c %s "$ga_log")
	saved=$runs
	runs=1
	measure goaccess "$gb" goaccess "$ga_log" \
		--log-format='%x.%^ %~ %L %h %^/%s %b %m %U %^' \
		--date-format=%s --time-format=%s -o json
	measure goaccess-same-usage-1 "$gb" $u --threads 1 "$ga_log"
	runs=$saved
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== summary (medians of $runs; MB = 10^6 bytes; CPU = user + sys)"
python3 - "$rows" <<'EOF'
import sys, statistics as st
rows = {}
for l in open(sys.argv[1]):
    n, b, wall, cpu, rss = l.split()
    r = rows.setdefault(n, {"b": int(b), "wall": [], "cpu": [], "rss": []})
    r["wall"].append(float(wall)); r["cpu"].append(float(cpu))
    r["rss"].append(int(rss))
print("| what | MB | wall s | MB/s (wall) | CPU s | MB per CPU-s | peak RSS MB |")
print("|---|---:|---:|---:|---:|---:|---:|")
med = {}
for n, r in rows.items():
    w, c = st.median(r["wall"]), st.median(r["cpu"])
    med[n] = (r["b"], w, c, max(r["rss"]) / 1024)
    print("| %s | %.0f | %.3f | %.0f | %.3f | %.0f | %.1f |" % (
        n, r["b"] / 1e6, w, r["b"] / w / 1e6, c,
        r["b"] / max(c, 1e-3) / 1e6, max(r["rss"]) / 1024))
def rate(n, k):  # k 1: wall, 2: cpu
    b = med[n][0]
    return b / max(med[n][k], 1e-3) / 1e6
print()
one = rate("squid-1", 2)
print("Squid, 1 thread: %.0f MB per CPU-s, %.0f MB/s wall (target >= 1000): %s"
      % (one, rate("squid-1", 1), "met" if min(one, rate("squid-1", 1)) >= 1000
         else "met per CPU-s" if one >= 1000 else "MISSED"))
print("Squid, 1 thread vs the scalar scanner: %.2fx (CPU)" % (one / rate("squid-scalar-1", 2)))
x = rate("squid-2", 1) / rate("squid-1", 1)
print("Squid, 2 threads / 1 thread (wall): %.2fx (target >= 1.8; needs an idle machine)" % x)
print("Squid, 2 threads: CPU %.3f s vs %.3f s on one (work added by threading: %+.0f%%)"
      % (med["squid-2"][2], med["squid-1"][2], 100 * (med["squid-2"][2] / med["squid-1"][2] - 1)))
print("W3C, 1 thread: %.0f MB per CPU-s (%.2fx scalar)" % (rate("w3c-1", 2), rate("w3c-1", 2) / rate("w3c-scalar-1", 2)))
print("gzip: zcat %.0f MB/s, pigz -dc %.0f MB/s%s (wall, decompressed bytes); usage 1 thread %.0f MB/s, 2 threads %.0f MB/s"
      % (rate("gz-zcat", 1), rate("gz-pigz", 1),
         (", libdeflate-gunzip %.0f MB/s" % rate("gz-libdeflate", 1)) if "gz-libdeflate" in med else "",
         rate("gz-1", 1), rate("gz-2", 1)))
rss = max(v[3] for k, v in med.items() if k.startswith(("squid-", "w3c-", "gz-1", "gz-2")))
print("peak RSS of m365route: %.1f MB (target <= 64): %s" % (rss, "met" if rss <= 64 else "MISSED"))
print("m365route usage (1 thread) vs wc -l: %.1fx the CPU time" % (med["squid-1"][2] / max(med["wc-l"][2], 1e-3)))
if "goaccess" in med:
    print("GoAccess on %.0f MB: %.1f s wall, %.0f MB RSS: %.0fx m365route's %.3f s on the same file"
          % (med["goaccess"][0] / 1e6, med["goaccess"][1], med["goaccess"][3],
             med["goaccess"][1] / max(med["goaccess-same-usage-1"][1], 1e-3),
             med["goaccess-same-usage-1"][1]))
EOF
