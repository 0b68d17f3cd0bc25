#!/usr/bin/env bash
# pac-vs-classify.sh - the same host list through pactester (pacparser, the
# reference PAC engine) evaluating Microsoft's type-2 PAC and through
# `m365route classify --format tsv`; prints both rates and the ratio, and
# checks that both decide alike (DIRECT <=> expressroute).
#
# usage: bench/pac-vs-classify.sh <build-dir> [HOSTS]   (default 100000)
#
# Hosts come from <build-dir>/bench/bench_gen (deterministic). pactester gets
# http://<host>/ URLs in one process (-f), timed wall clock; m365route uses
# its embedded worldwide catalog (the same 2025-11-14 snapshot the PAC was
# built from) and is timed by hyperfine. pacparser 1.3.6 slows down as one
# process evaluates more URLs, so its rate depends on HOSTS; the figure is
# what one run over the whole list achieves.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

bench_args HOSTS "$@"
build=$1
n=${2:-100000}
root=$(cd "$(dirname "$0")/.." && pwd)
pac=$root/data/reference/ms-style-type2.pac
bin=$build/m365route
gen=$build/bench/bench_gen
bench_built "$build" "$bin" "$gen"
bench_tools pactester hyperfine
bench_python

bench_tmpdir bench-pac

"$gen" -n "$n" -k hosts >"$tmp/hosts.txt"
sed 's|.*|http://&/|' "$tmp/hosts.txt" >"$tmp/urls.txt"

echo "pac-vs-classify.sh: $n hosts; pactester -p $pac -f URLS;" \
	"$bin classify --format tsv < HOSTS"
t0=$(date +%s.%N)
pactester -p "$pac" -f "$tmp/urls.txt" >"$tmp/pac.out"
t1=$(date +%s.%N)

hyperfine --warmup 1 --runs 10 --style basic \
	--export-json "$tmp/cls.json" -n m365route \
	"$bin classify --format tsv < $tmp/hosts.txt > /dev/null" >/dev/null
"$bin" classify --format tsv <"$tmp/hosts.txt" >"$tmp/cls.tsv"

"$py" - "$tmp/cls.json" "$n" "$t0" "$t1" "$tmp/pac.out" "$tmp/cls.tsv" <<'EOF'
import json, statistics, sys
cls, n, t0, t1, pac_out, tsv = sys.argv[1:]
n = int(n)
pac_s = float(t1) - float(t0)
cls_s = statistics.median(json.load(open(cls))["results"][0]["times"])
pac_rate, cls_rate = n / pac_s, n / cls_s
pac = [l.rstrip("\n").split(" : ", 1)[-1] for l in open(pac_out)]
ours = [l.split("\t")[1] for l in open(tsv)]
direct = sum(1 for p in pac if p.startswith("DIRECT"))
er = sum(1 for r in ours if r == "expressroute")
diff = sum(1 for p, r in zip(pac, ours)
           if p.startswith("DIRECT") != (r == "expressroute"))
if len(pac) != n or len(ours) != n:
    diff += abs(n - len(pac)) + abs(n - len(ours))
print("pactester (type-2 PAC)      %9.3f s  %12.0f hosts/s" % (pac_s, pac_rate))
print("m365route classify (median) %9.3f s  %12.0f hosts/s" % (cls_s, cls_rate))
print("ratio m365route / pactester %9.0fx" % (cls_rate / pac_rate))
print("decisions: pactester DIRECT %d, m365route expressroute %d, "
      "disagreements %d of %d" % (direct, er, diff, n))
sys.exit(1 if diff else 0)
EOF
