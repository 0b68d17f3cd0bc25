#!/usr/bin/env bash
# cli.sh - end-to-end throughput of `m365route classify --format tsv`:
# lines per second from a file on stdin to /dev/null, measured by hyperfine
# (process start, embedded catalog load, matcher build, read, parse, match,
# format, write).
#
# usage: bench/cli.sh <build-dir> [LINES]      (default 1000000)
#
# Two deterministic inputs from <build-dir>/bench/bench_gen: hostnames only
# ("hosts") and a proxy-log-like mix of hosts, URLs, host:port and IPv4/IPv6
# addresses ("mixed"). Target: >= 2 M lines/s (hosts). Prints, never fails
# on, the comparison.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

bench_args LINES "$@"
build=$1
lines=${2:-1000000}
bin=$build/m365route
gen=$build/bench/bench_gen
bench_built "$build" "$bin" "$gen"
bench_tools hyperfine
bench_python

bench_tmpdir bench-cli

"$gen" -n "$lines" -k hosts >"$tmp/hosts.txt"
"$gen" -n "$lines" -k mixed >"$tmp/mixed.txt"

# Sanity: every line classified, none invalid.
for k in hosts mixed; do
	rc=0
	out=$("$bin" classify --format tsv <"$tmp/$k.txt" | wc -l) || rc=$?
	if [ "$rc" -ne 0 ] || [ "$out" -ne "$lines" ]; then
		echo "cli.sh: $k: m365route classify gave $out rows for" \
			"$lines lines (rc $rc)" >&2
		exit 1
	fi
done

echo "cli.sh: $bin classify --format tsv < FILE > /dev/null," \
	"$lines lines per FILE ($(du -h "$tmp/hosts.txt" | cut -f1) hosts," \
	"$(du -h "$tmp/mixed.txt" | cut -f1) mixed)"
hyperfine --warmup 2 --runs 10 --style basic \
	--export-json "$tmp/cli.json" \
	-n hosts "$bin classify --format tsv < $tmp/hosts.txt > /dev/null" \
	-n mixed "$bin classify --format tsv < $tmp/mixed.txt > /dev/null" \
	-n "catalog load only (0 lines)" \
	"$bin classify --format tsv < /dev/null > /dev/null"

"$py" - "$tmp/cli.json" "$lines" <<'EOF'
import json, statistics, sys
res = json.load(open(sys.argv[1]))["results"]
lines = int(sys.argv[2])
print()
for r in res:
    med = statistics.median(r["times"])
    if r["command"].startswith("catalog"):
        print("%-30s median %.2f ms (process start + embedded load + build)"
              % (r["command"], med * 1e3))
        continue
    rate = lines / med
    line = ("%-30s median %.3f s  %.2f M lines/s  (mean %.3f s +- %.3f, "
            "user %.3f s, sys %.3f s)" % (r["command"], med, rate / 1e6,
            r["mean"], r["stddev"] or 0, r["user"], r["system"]))
    if r["command"] == "hosts":
        line += "  target >= 2 M lines/s: %s" % (
            "met" if rate >= 2e6 else "MISSED")
    print(line)
EOF
