#!/usr/bin/env bash
# bench/report.sh - how long plan takes to write report.html for a design
# of SITES sites (default 200; bench/gen-report-design.py, fixed seed), and
# how long headless Chromium takes to load the page (navigation to the load
# event; tests/browser/report-cdp.py, networking off).
#
# usage: bench/report.sh [BUILD_DIR] [SITES]   (default build/release 200)
# One command; prints the figures docs/PERFORMANCE.md records.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${1:-$root/build/release}
sites=${2:-200}
cli=$build/m365route
[ -x "$cli" ] || { echo "bench/report.sh: no $cli (make release)" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mr-bench-report.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export M365ROUTE_DATA_DIR= SOURCE_DATE_EPOCH=1767225600
python3 "$here/gen-report-design.py" "$sites" >"$tmp/d.yaml"

# plan (load, check, simulate with every single failure, PAC files and
# report.html), 5 runs; and check --format html alone
python3 - "$cli" "$tmp" <<'PY'
import subprocess, sys, time
cli, tmp = sys.argv[1:3]
def runs(args, n=5):
    t = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run(args, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False)
        t.append(time.perf_counter() - t0)
    t.sort()
    return t[0], t[len(t) // 2]
lo, med = runs([cli, "plan", tmp + "/d.yaml", "-o", tmp + "/plan"])
print("plan (everything, report.html included): min %.2f s, median %.2f s"
      % (lo, med))
lo, med = runs([cli, "check", tmp + "/d.yaml", "-f", "html", "-o",
                tmp + "/check.html"])
print("check --format html: min %.2f s, median %.2f s" % (lo, med))
PY
size=$(wc -c <"$tmp/plan/report.html")
echo "report.html: $size bytes ($(grep -c 'class="n n-group"' "$tmp/plan/report.html") branch groups in the topology)"
chrome=$(command -v chromium || command -v chromium-browser || true)
if [ -n "$chrome" ]; then
	python3 "$root/tests/browser/report-cdp.py" "$chrome" \
		"$tmp/plan/report.html" "$tmp/shot" "$(sed -n 's/^verdict: *//p' "$tmp/plan/summary.txt")" |
		grep -E '^(info|FAIL)' | sed 's/^info /chromium: /'
else
	echo "chromium: not installed, page load not measured"
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(date -u +%Y-%m-%d)"
