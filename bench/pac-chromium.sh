#!/usr/bin/env bash
# pac-chromium.sh - the fast PAC file against the reference
# (Get-PacFile-style shExpMatch chain) file in headless Chromium (Debian's
# chromium), on the files and host lists of bench/pac-speed.sh (lib.sh's
# bench_pac_inputs: 2025 feed and a synthetic feed ten times its size,
# 5,000 hosts each).
#
# usage: bench/pac-chromium.sh <build-dir> [SECONDS]   (default 3 s per run)
#
# Environment: PAC_CHROMIUM_REQUESTS=N requests per file in part 2 (default
# 1,000, after 200 warm-up requests); CHROMIUM=path the browser;
# BENCH_KEEP=1 keeps the work directory (pages, traces).
#
# 1. Page: a local page (file://, bench/bench_pac_page.js) gives each PAC
#    file its own about:blank iframe (a fresh global object in the page's
#    V8 isolate) holding tests/pac/pac-helpers.js and the file, and times
#    FindProxyForURL as bench/bench_pac.js does in Node (warm-up pass, then
#    passes of >= 20 ms for >= SECONDS, median pass). Both files' answers are compared
#    host by host; any difference fails the run. Read back with --dump-dom.
# 2. Chromium's own proxy resolution: one Chromium per file with
#    --proxy-pac-url (served from 127.0.0.1 inside the namespace: Chromium
#    refuses file:// PAC URLs, net error -301, and the files are too long
#    for a data: URL argument) and a startup trace (--trace-startup=
#    toplevel,netlog: the net-log's events with microsecond times, where
#    --log-net-log has whole milliseconds, and the tasks of every thread);
#    a local page fetches http://HOST/m/I for each host, one after the
#    other, after 200 warm-up requests. bench/pac-chromium-trace.py reads,
#    per request, the job that ran FindProxyForURL on the proxy resolver
#    utility process's "Proxy Resolver" thread (Chromium's PAC V8 isolate
#    and helper library) and the whole PROXY_RESOLUTION_SERVICE event in
#    the network service (Mojo round trip included), and compares the
#    decisions host by host. A trivial file (return "DIRECT") gives the
#    floor: a job that runs no script worth timing. The traces take about
#    50 MB each in the work directory.
#
# No traffic leaves the machine: both parts run in a new network namespace
# with only loopback (unshare --net, as root); every name resolves to
# nothing (--host-resolver-rules="MAP * ~NOTFOUND"), the proxy in the files
# timed in part 2 is rewritten to proxy.invalid:8080 (unresolvable; the
# files' 10.10.10.10 would be a real address). Without root, part 1 runs
# with the resolver rules and a proxy that does not resolve, and part 2 is
# skipped (said so). Fails when something cannot run or the files disagree.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../tests/scripts/chromium.sh"

bench_args SECONDS "$@"
build=$(cd "$1" && pwd)
secs=${2:-3}
nreq=${PAC_CHROMIUM_REQUESTS:-1000}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$build/m365route
bench_built "$build" "$bin"
bench_tools python3 timeout /usr/bin/time
if ! mr_chromium_find; then
	echo "$bench_me: chromium not found (scripts/install-deps installs it)" >&2
	exit 2
fi
bench_tmpdir pac-chromium
[ "${BENCH_KEEP:-0}" = 1 ] && trap - EXIT && echo "kept: $tmp"
bench_pac_inputs "$root" "$bin"

netns=0
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null &&
	command -v ip >/dev/null && unshare --net true 2>/dev/null; then
	netns=1
fi
# offline SECS CMD...: CMD, killed after SECS seconds, in a new network
# namespace with only loopback (up) when we may make one.
offline() {
	local secs=$1
	shift
	if [ $netns = 1 ]; then
		timeout -k 5 "$secs" unshare --net \
			bash -c 'ip link set lo up && exec "$@"' offline "$@"
	else
		timeout -k 5 "$secs" "$@"
	fi
}

echo "$bench_me: $("$chrome" --version 2>/dev/null | head -1);" \
	"$(wc -l <"$tmp/h1.txt") hosts (1x), $(wc -l <"$tmp/h10.txt") (10x);" \
	"$secs s per measurement; network namespace: $([ $netns = 1 ] &&
		echo yes || echo 'no (not root)')"

# Part 1: the page.
python3 - "$tmp" "$secs" "$root/tests/pac/pac-helpers.js" <<'PY'
import json, sys
tmp, secs, helpers = sys.argv[1], float(sys.argv[2]), sys.argv[3]
rd = lambda p: open(p, encoding="utf-8").read()
data = {
    "secs": secs,
    "helpers": rd(helpers),
    "hosts": {h: rd("%s/%s.txt" % (tmp, h)).split() for h in ("h1", "h10")},
    "pacs": {p: rd("%s/%s.pac" % (tmp, p))
             for p in ("ref1", "fast1", "ref10", "fast10")},
    "pairs": [["ref1", "fast1", "h1"], ["ref10", "fast10", "h10"]],
    "runs": [["ref1", "h1"], ["fast1", "h1"], ["ref10", "h10"],
             ["fast10", "h10"], ["fast10", "h1"]],
}
with open(tmp + "/bench-data.js", "w") as f:
    f.write("var MR_BENCH = " + json.dumps(data) + ";\n")
PY
cp "$root/bench/bench_pac_page.js" "$tmp/"
cat >"$tmp/page.html" <<'HTML'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>pac-chromium</title></head>
<body><pre id="out">not run</pre>
<script src="bench-data.js"></script>
<script src="bench_pac_page.js"></script>
</body></html>
HTML
mr_chromium_flags "$tmp/profile-page"
offline 900 /usr/bin/time -f '%e s wall, %U s user, %S s system' \
	-o "$tmp/page.time" "$chrome" "${chrome_flags[@]}" \
	--host-resolver-rules="MAP * ~NOTFOUND" \
	--proxy-server="http://proxy.invalid:8080" \
	--dump-dom "file://$tmp/page.html" >"$tmp/page.dom" 2>"$tmp/page.err" ||
	true
sed -n '/<pre id="out">/,/<\/pre>/p' "$tmp/page.dom" |
	sed 's/<[^>]*>//g; s/&amp;/\&/g; s/&lt;/</g; s/&gt;/>/g' >"$tmp/page.out"
if ! grep -qx 'done' "$tmp/page.out"; then
	echo "$bench_me: the page did not finish:" >&2
	cat "$tmp/page.out" >&2
	grep -i -m5 'error\|console' "$tmp/page.err" >&2 || true
	exit 2
fi
status=0
while IFS= read -r l; do
	case $l in
	pair*)
		if ! printf '%s\n' "$l" | grep -q $'\tdiffer 0$'; then
			echo "$bench_me: the files disagree: $l" >&2
			status=1
		fi
		;;
	esac
done <"$tmp/page.out"
rate() { sed -n "s/^run $1 $2\trate \([0-9]*\).*/\1/p" "$tmp/page.out"; }
direct() { sed -n "s/^run $1 $2\t.*\tdirect \([0-9]*\).*/\1/p" "$tmp/page.out"; }
echo "page: $(sed -n 's/^ua //p' "$tmp/page.out")"
echo "page: $(cat "$tmp/page.time") for the whole Chromium run"
sed -n 's/^pair \([^ ]*\) \([^ ]*\) \([^\t]*\)\tsame \([0-9]*\)\tdiffer \([0-9]*\).*/decisions: \1 vs \2 on \3: \4 the same, \5 different/p' "$tmp/page.out"
printf '\n%-14s %12s %12s %8s %12s %12s %8s %10s %10s\n' engine "ref 1x/s" \
	"fast 1x/s" ratio "ref 10x/s" "fast 10x/s" ratio "fast 1x/10x" "ref 1x/10x"
awk -v r1="$(rate ref1 h1)" -v f1="$(rate fast1 h1)" -v r10="$(rate ref10 h10)" \
	-v f10="$(rate fast10 h10)" 'BEGIN { printf "%-14s %12d %12d %7.1fx %12d %12d %7.1fx %9.2fx %9.2fx\n",
	"chromium-page", r1, f1, f1 / r1, r10, f10, f10 / r10, f1 / f10, r1 / r10 }'
echo "chromium-page: fast 10x file on the 1x host list: $(rate fast10 h1) calls/s;" \
	"DIRECT answers 1x ref/fast $(direct ref1 h1)/$(direct fast1 h1)," \
	"10x $(direct ref10 h10)/$(direct fast10 h10)"

# Part 2: Chromium's own resolver, from a trace of the run.
echo
if [ $netns != 1 ]; then
	echo "resolver: skipped: it needs a private network namespace" \
		"(unshare --net, as root) to serve the PAC file on 127.0.0.1"
	exit $status
fi
echo 'function FindProxyForURL(url, host) { return "DIRECT"; }' >"$tmp/trivial.pac"
for p in trivial ref1 fast1 ref10 fast10; do
	sed 's/PROXY 10\.10\.10\.10:8080/PROXY proxy.invalid:8080/g' \
		"$tmp/$p.pac" >"$tmp/net-$p.pac"
done
python3 - "$tmp" "$nreq" <<'PY'
import json, sys
tmp, n = sys.argv[1], int(sys.argv[2])
for h in ("h1", "h10"):
    hosts = open("%s/%s.txt" % (tmp, h)).read().split()
    k = max(1, len(hosts) // n)
    with open("%s/net-%s.js" % (tmp, h), "w") as f:
        f.write("var MR_NET = " + json.dumps(
            {"warm": hosts[1::25][:200], "hosts": hosts[::k][:n]}) + ";\n")
PY
cat >"$tmp/net.html" <<'HTML'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>pac-chromium net</title></head>
<body><pre id="out">not run</pre>
<script src="net-h1.js"></script>
<script>
// One request at a time: warm-up hosts, then the measured ones; the path
// says which (/w/I or /m/I) for pac-chromium-trace.py.
(async function () {
	var n = 0, out = document.getElementById('out');
	async function get(pass, hosts) {
		for (var i = 0; i < hosts.length; i++) {
			try {
				await fetch('http://' + hosts[i] + '/' + pass + '/' + i,
				    { mode: 'no-cors', cache: 'no-store' });
			} catch (e) {
			}
			n++;
		}
	}
	await get('w', MR_NET.warm);
	await get('m', MR_NET.hosts);
	out.textContent = 'requests ' + n + '\ndone';
})();
</script>
</body></html>
HTML
# resolver_pass NAME HOSTS CHROME FLAG...: inside the namespace, serve $tmp
# on 127.0.0.1:8765 and load net.html with net-NAME.pac.
resolver_pass() {
	local name=$1 hosts=$2 spid i rc=0
	shift 2
	python3 -m http.server --bind 127.0.0.1 --directory "$tmp" 8765 \
		>/dev/null 2>&1 &
	spid=$!
	for i in $(seq 1 100); do
		(exec 3<>/dev/tcp/127.0.0.1/8765) 2>/dev/null && break
		sleep 0.1
	done
	sed "s/net-h[0-9]*\.js/net-$hosts.js/" "$tmp/net.html" >"$tmp/net-$name.html"
	"$@" --proxy-pac-url="http://127.0.0.1:8765/net-$name.pac" \
		--host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1" \
		--trace-startup=toplevel,netlog --trace-startup-duration=0 \
		--trace-startup-format=json \
		--trace-startup-record-mode=record-as-much-as-possible \
		--trace-startup-file="$tmp/trace-$name.json" \
		--virtual-time-budget=3600000 \
		--dump-dom "file://$tmp/net-$name.html" >"$tmp/net-$name.dom" \
		2>"$tmp/net-$name.err" || rc=$?
	kill "$spid" 2>/dev/null
	wait "$spid" 2>/dev/null || true
	return $rc
}
export -f resolver_pass
export tmp
for p in trivial:h1 ref1:h1 fast1:h1 ref10:h10 fast10:h10; do
	name=${p%:*}
	mr_chromium_flags "$tmp/profile-net-$name"
	if ! offline 1200 bash -c 'resolver_pass "$@"' _ "$name" "${p#*:}" "$chrome" \
		"${chrome_flags[@]}" || ! grep -q '^done' "$tmp/net-$name.dom"; then
		echo "$bench_me: the resolver run for $name did not finish" >&2
		tail -3 "$tmp/net-$name.err" >&2
		exit 2
	fi
done
"$root/bench/pac-chromium-trace.py" "$tmp" trivial ref1 fast1 ref10 fast10 \
	ref1:fast1 ref10:fast10 || status=1
exit $status
