#!/usr/bin/env bash
# lab/verify/client: `m365route verify --client` inside a client network
# namespace of trey-research's site hq (issue 15, section 2).
#
#   lab-client.sh M365ROUTE LABDESC
#
# Three namespaces joined by veth pairs only (nothing reaches the host's
# interfaces): the client (10.10.1.5, in hq's subnets), the ExpressRoute
# edge (10.10.250.1) and the Internet edge (10.10.1.1). The client's
# routes match the plan: the circuit's admitted prefixes (labdesc's
# "admitted", mr_net_er_prefixes()) and its peering subnets (the edge's
# connected routes, as an IGP would carry them) via the ExpressRoute
# edge, the default route via the Internet edge. Its /etc/hosts
# (/etc/netns/NS/hosts, which `ip netns exec` bind-mounts) gives the
# flows' names addresses inside ExpressRoute prefixes, and one
# (office.live.com) outside every catalog prefix, as a CDN would. The PAC
# file is the plan's (m365route pac), fetched over HTTP from a server in
# the client namespace.
# Asserts: every flow the plan sends DIRECT leaves by the expected next
# hop (JSON), text/JSON/SARIF equal tests/golden/verify-client/ (or are
# rewritten with MR_UPDATE_GOLDEN=1); then an ExpressRoute prefix routed
# via the Internet edge is found and named (MR-VER-12), and a PAC file
# that sends ExpressRoute names to the proxy is too (MR-VER-11).
# Exit 77 when not root or a tool is missing (under CI=true: 1).
set -u
cli=$(readlink -f "$1")
labdesc=$(readlink -f "$2")
root=$(cd "$(dirname "$0")/../.." && pwd)
gold=$root/tests/golden/verify-client
skip() {
	if [ "${CI:-}" = true ]; then
		echo "FAIL: $* (CI=true: the lab must run)" >&2
		exit 1
	fi
	echo "SKIP: $*"
	exit 77
}
[ "$(id -u)" = 0 ] || skip "needs root (network namespaces)"
for t in ip python3; do
	command -v $t >/dev/null || skip "$t missing"
done
p=mrcl$$
C=$p-c E=$p-e I=$p-i
tmp=$(mktemp -d)
cleanup() {
	[ -n "${srv:-}" ] && kill "$srv" 2>/dev/null
	for n in $C $E $I; do
		ip netns del $n 2>/dev/null
	done
	rm -rf "/etc/netns/$C" "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
fail=0
bad() {
	echo "FAIL: $*"
	fail=$((fail + 1))
}

for n in $C $E $I; do
	ip netns add $n || skip "cannot create network namespaces"
	ip -n $n link set lo up
done
ip link add er0 netns $C type veth peer name lan0 netns $E || skip "no veth"
ip link add inet0 netns $C type veth peer name lan0 netns $I
ip -n $C addr add 10.10.250.2/24 dev er0
ip -n $E addr add 10.10.250.1/24 dev lan0
ip -n $C addr add 10.10.1.5/24 dev inet0
ip -n $I addr add 10.10.1.1/24 dev lan0
for n in $C $E $I; do
	for l in $(ip -n $n -o link show | awk -F': ' '{print $2}' | cut -d@ -f1); do
		ip -n $n link set "$l" up
	done
done
ip -n $C route add default via 10.10.1.1 dev inet0

# The plan's ExpressRoute routes at the client.
"$labdesc" --example trey-research >"$tmp/desc.json" || exit 2
python3 - "$tmp/desc.json" >"$tmp/routes" <<'PY' || exit 2
import json, sys
d = json.load(open(sys.argv[1]))
er = d["er"][0]
for k in ("primary", "secondary"):
    print(er[k])
for a in er["admitted"]:
    if ":" not in a["prefix"]:
        print(a["prefix"])
PY
while read -r pfx; do
	ip -n $C route replace "$pfx" via 10.10.250.1 dev er0 || bad "route $pfx"
done <"$tmp/routes"
echo "client routes: $(wc -l <"$tmp/routes") via the ExpressRoute edge, default via the Internet edge"

mkdir -p "/etc/netns/$C"
cat >"/etc/netns/$C/hosts" <<'H'
127.0.0.1 localhost
52.96.0.10 outlook.cloud.microsoft
13.107.136.10 treyresearch.sharepoint.com
52.112.0.10 teams.cloud.microsoft
93.184.215.14 office.live.com
13.107.6.152 portal.microsoftonline.com
93.184.215.14 www.example.com
H

# The plan's PAC file, served from the client namespace.
"$cli" pac --example trey-research --site hq -o "$tmp/web.pac" || exit 2
cmp -s <(grep -v '^// m365route generated:' "$tmp/web.pac") \
	<(grep -v '^// m365route generated:' "$root/tests/verify/data/trey-hq.pac") ||
	bad "tests/verify/data/trey-hq.pac is not the plan's PAC file any more"
port=$((20000 + $$ % 20000))
ip netns exec $C python3 -m http.server "$port" --bind 127.0.0.1 \
	--directory "$tmp" >/dev/null 2>&1 &
srv=$!
for _ in $(seq 50); do
	ip netns exec $C python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null && break
	sleep 0.1
done

run() { # OUT ERR ARGS...
	local o=$1 e=$2
	shift 2
	(cd "$root" && ip netns exec $C env NO_COLOR=1 M365ROUTE_DATA_DIR= \
		"$cli" verify --example trey-research --client "$@" >"$o" 2>"$e")
}

# 1. The clean client over HTTP: every DIRECT flow as the plan says.
run "$tmp/http.json" "$tmp/http.err" --pac "http://127.0.0.1:$port/web.pac" -f json
rc=$?
[ $rc = 0 ] || { bad "clean client: exit $rc"; cat "$tmp/http.err"; }
python3 - "$tmp/http.json" <<'PY' || bad "clean client: flows not as planned"
import json, sys
c = json.load(open(sys.argv[1]))["client"]
assert c["site"] == "hq" and c["address"] == "10.10.1.5", c
n = 0
for d in c["destinations"]:
    assert d["resolve_error"] is None, d
    if d["plan_pac"] is not None:
        assert d["pac_match"] == "ok", d
    for a in d["addresses"]:
        if a["plan"] == "proxy":
            continue
        want = ("er0", "10.10.250.1") if a["plan"] == "expressroute" else ("inet0", "10.10.1.1")
        got = (a["route"].get("interface"), a["route"].get("gateway"))
        assert got == want and a["match"] == "ok", (d["target"], a)
        print("ok   %-28s %-14s %-6s -> %s via %s" % (d["target"], a["address"], a["plan"], *got))
        n += 1
assert n >= 5, n
PY

# 2. Goldens (the PAC as a file: the output names it).
mkdir -p "$gold"
for f in text json sarif; do
	run "$tmp/out.$f" "$tmp/err.$f" --pac tests/verify/data/trey-hq.pac -f $f
	echo $? >"$tmp/rc.$f"
	if [ "${MR_UPDATE_GOLDEN:-0}" = 1 ]; then
		cp "$tmp/out.$f" "$gold/clean-$f.out"
		cp "$tmp/err.$f" "$gold/clean-$f.err"
		cp "$tmp/rc.$f" "$gold/clean-$f.rc"
	else
		for k in out err rc; do
			diff -u "$gold/clean-$f.$k" "$tmp/$k.$f" || bad "golden clean-$f.$k"
		done
	fi
done

# 3. A planted wrong route: Exchange's prefix via the Internet edge.
ip -n $C route replace 52.96.0.0/14 via 10.10.1.1 dev inet0
run "$tmp/f.out" "$tmp/f.err" --pac tests/verify/data/trey-hq.pac
rc=$?
[ $rc = 1 ] || bad "wrong route: exit $rc, expected 1"
grep -q 'outlook.cloud.microsoft (52.96.0.10): the kernel routes it by inet0 via 10.10.1.1, not the ExpressRoute next hop; the plan sends it over er-seattle \[MR-VER-12\]' "$tmp/f.err" ||
	{ bad "wrong route not named"; cat "$tmp/f.err"; }
[ "$(grep -c 'MR-VER-12' "$tmp/f.err")" = 1 ] || bad "wrong route: other flows flagged too"
if [ "${MR_UPDATE_GOLDEN:-0}" = 1 ]; then
	cp "$tmp/f.out" "$gold/wrong-route.out"
	cp "$tmp/f.err" "$gold/wrong-route.err"
else
	diff -u "$gold/wrong-route.out" "$tmp/f.out" || bad "golden wrong-route.out"
	diff -u "$gold/wrong-route.err" "$tmp/f.err" || bad "golden wrong-route.err"
fi
ip -n $C route replace 52.96.0.0/14 via 10.10.250.1 dev er0

# 4. A PAC file that sends everything to the proxy (a type-1 file for
# a client the plan sends DIRECT).
printf 'function FindProxyForURL(url, host) { return "PROXY 10.10.2.10:8080"; }\n' >"$tmp/web.pac"
run "$tmp/p.out" "$tmp/p.err" --pac "http://127.0.0.1:$port/web.pac"
rc=$?
[ $rc = 1 ] || bad "proxy PAC: exit $rc, expected 1"
[ "$(grep -c 'MR-VER-11' "$tmp/p.err")" = 4 ] ||
	{ bad "proxy PAC: expected the 4 DIRECT names flagged"; cat "$tmp/p.err"; }

echo "$fail failed"
[ $fail = 0 ]
