#!/usr/bin/env bash
# cli.sh - end-to-end throughput of `m365route classify` in TSV, JSON and
# text: lines per second from a file on stdin to /dev/null, measured by
# hyperfine (process start, embedded catalog load, matcher build, read,
# parse, match, format, write).
#
# usage: bench/cli.sh <build-dir> [LINES]      (default 1000000)
#        CLI_BASELINE=/path/to/older/m365route bench/cli.sh ...
#
# Two deterministic inputs from <build-dir>/bench/bench_gen: hostnames only
# ("hosts") and a proxy-log-like mix of hosts, URLs, host:port and IPv4/IPv6
# addresses ("mixed"). Targets: TSV >= 2 M lines/s (hosts); JSON, which
# lists every matching rule, >= 3 M lines/s (hosts). With CLI_BASELINE, that
# binary's JSON and text runs on the hosts are measured in the same run
# (3 runs each: the linear enumeration is slow) and the outputs compared
# byte for byte. Prints, never fails on, the comparison.
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
	-n "hosts json" \
	"$bin classify --format json < $tmp/hosts.txt > /dev/null" \
	-n "mixed json" \
	"$bin classify --format json < $tmp/mixed.txt > /dev/null" \
	-n "hosts text" \
	"$bin classify --format text < $tmp/hosts.txt > /dev/null" \
	-n "mixed text" \
	"$bin classify --format text < $tmp/mixed.txt > /dev/null" \
	-n "catalog load only (0 lines)" \
	"$bin classify --format tsv < /dev/null > /dev/null"
files="$tmp/cli.json"
if [ -n "${CLI_BASELINE:-}" ]; then
	base=$CLI_BASELINE
	bench_built "$build" "$base"
	for f in json text; do
		"$bin" classify --format $f <"$tmp/hosts.txt" >"$tmp/new.$f"
		"$base" classify --format $f <"$tmp/hosts.txt" >"$tmp/base.$f"
		if cmp -s "$tmp/new.$f" "$tmp/base.$f"; then
			echo "cli.sh: hosts $f: output identical to $base"
		else
			echo "cli.sh: hosts $f: output DIFFERS from $base"
		fi
	done
	hyperfine --warmup 1 --runs 3 --style basic \
		--export-json "$tmp/base.json" \
		-n "baseline hosts json" \
		"$base classify --format json < $tmp/hosts.txt > /dev/null" \
		-n "baseline hosts text" \
		"$base classify --format text < $tmp/hosts.txt > /dev/null"
	files="$files $tmp/base.json"
fi

"$py" - "$lines" $files <<'EOF'
import json, statistics, sys
lines = int(sys.argv[1])
res = [r for f in sys.argv[2:] for r in json.load(open(f))["results"]]
print()
for r in res:
    med = statistics.median(r["times"])
    if r["command"].startswith("catalog"):
        print("%-30s median %.2f ms (process start + embedded load + build)"
              % (r["command"], med * 1e3))
        continue
    rate = lines / med
    cpu = lines / (r["user"] + r["system"])
    line = ("%-30s median %.3f s  %.2f M lines/s  (mean %.3f s +- %.3f, "
            "user %.3f s, sys %.3f s: %.2f M lines/s of CPU time)"
            % (r["command"], med, rate / 1e6, r["mean"], r["stddev"] or 0,
               r["user"], r["system"], cpu / 1e6))
    if r["command"] == "hosts":
        line += "  target >= 2 M lines/s: %s" % (
            "met" if rate >= 2e6 else "MISSED")
    if r["command"] == "hosts json":
        line += "  target >= 3 M lines/s: %s" % (
            "met" if rate >= 3e6 else "MISSED")
    print(line)
EOF
