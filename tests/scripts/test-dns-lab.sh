#!/usr/bin/env bash
# The DNS lab (issue 13, "Proof with real software"): a resolver in a
# remote office, configured by `m365route dns`, sends Microsoft 365 names
# to the hub's resolver and every other name elsewhere; asserted with dig.
# The office's resolver is each of Unbound, BIND and dnsmasq in turn, each
# with its own format's generated file.
#
#   hub ns      10.89.0.1  --veth--  10.89.0.2  remote ns  10.89.0.5 --veth-- 10.89.0.6  local ns
#   BIND named, authoritative                  the office's resolver:          dnsmasq: answers every
#   for the forwarded zones:                   the generated file, and         name with 198.51.100.20
#   every name -> 192.0.2.10                   everything else -> local        (the office's usual resolver)
#
# The design is tests/golden/dns/lab.yaml: the hub site's dns: resolvers
# is 10.89.0.1, the hub namespace's address, so the generated forwarders
# point at the stub as written, nothing substituted. Its remote site's
# resolver is 10.89.0.2, where the office's resolver listens. The
# addresses exist only inside the namespaces this test creates (prefix
# mrdns-<pid>-, nothing joined to the host's interfaces or routes), so
# parallel runs do not meet.
#
# Asserted, for each of the three resolvers: the well-known Microsoft 365
# names and one probe name in every generated zone answer 192.0.2.10 (the
# hub stub's), and the hub's query log shows it was asked; a non-Microsoft
# name and a Microsoft 365 name outside the ExpressRoute zones (office.net:
# Internet-only patterns, not forwarded by default, docs/dns.md) answer
# 198.51.100.20 (the local resolver's) and never reach the hub; and,
# forward only: with the hub's stub stopped, a Microsoft 365 name fails
# (SERVFAIL, REFUSED, or no answer in time) rather than leak to the local
# resolver. Needs root, ip, named, unbound, dnsmasq, dig (77 otherwise).
# Every wait is bounded; an EXIT trap stops the daemons and deletes the
# namespaces, even when an assertion fails.
set -u
. "$(dirname "$0")/lib.sh"
mr_start "$@"
mr_abs_paths
. "$root/tests/scripts/need.sh"
PATH=$PATH:/usr/sbin:/sbin
if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: the DNS lab needs root (network namespaces)"
	exit 77
fi
mr_need ip "network namespaces (iproute2)"
mr_need named "the hub's authoritative stub (bind9)"
mr_need unbound "the remote office's resolver (unbound)"
mr_need dnsmasq "the remote office's local resolver (dnsmasq-base)"
mr_need dig "the assertions (bind9-dnsutils)"
mr_need timeout "bounded waits (coreutils)"
export M365ROUTE_DATA_DIR= NO_COLOR=1

P=mrdns-$$
HUB=$P-hub
REM=$P-remote
LOC=$P-local
tmp=$(mktemp -d) || exit 2
pids=()
teardown() {
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	for p in "${pids[@]}"; do
		# bounded: a daemon that ignores TERM gets KILL after 2 s
		timeout 2 tail --pid="$p" -f /dev/null 2>/dev/null ||
			kill -9 "$p" 2>/dev/null
	done
	for p in "$HUB" "$REM" "$LOC"; do
		ip netns del "$p" 2>/dev/null
	done
	rm -rf "$tmp"
}
trap teardown EXIT
trap 'exit 2' INT TERM

die() {
	echo "FAIL: $*"
	echo "0 passed, 1 failed"
	exit 1
}
check() { # check DESCRIPTION COMMAND...
	local what=$1
	shift
	if "$@"; then
		pass=$((pass + 1))
	else
		echo "FAIL: $what"
		fail=$((fail + 1))
	fi
}

# ---- the configuration under test -----------------------------------------
cd "$root" || exit 2
for f in unbound bind dnsmasq; do
	"$cli" dns tests/golden/dns/lab.yaml --format $f --site remote \
		-o "$tmp/remote.$f.conf" 2>/dev/null ||
		die "m365route dns --format $f refused the lab design"
done
zones=$(sed -n 's/^	name: "\(.*\)\.".*/\1/p' "$tmp/remote.unbound.conf")
[ -n "$zones" ] || die "no forward-zone in the generated file"
grep -q '^	forward-addr: 10.89.0.1$' "$tmp/remote.unbound.conf" ||
	die "the generated forwarders are not the hub's resolver"

# ---- the network -------------------------------------------------------------
for n in "$HUB" "$REM" "$LOC"; do
	ip netns add "$n" || die "ip netns add $n"
	ip -n "$n" link set lo up
done
ip link add "$P-h" netns "$HUB" type veth peer name "$P-rh" netns "$REM" ||
	die "veth hub-remote"
ip link add "$P-l" netns "$LOC" type veth peer name "$P-rl" netns "$REM" ||
	die "veth local-remote"
ip -n "$HUB" addr add 10.89.0.1/30 dev "$P-h"
ip -n "$REM" addr add 10.89.0.2/30 dev "$P-rh"
ip -n "$REM" addr add 10.89.0.5/30 dev "$P-rl"
ip -n "$LOC" addr add 10.89.0.6/30 dev "$P-l"
ip -n "$HUB" link set "$P-h" up
ip -n "$REM" link set "$P-rh" up
ip -n "$REM" link set "$P-rl" up
ip -n "$LOC" link set "$P-l" up

# ---- the hub: BIND, authoritative for the forwarded zones --------------------
mkdir -p "$tmp/hub"
cat >"$tmp/hub/db" <<'EOF'
$TTL 60
@	IN SOA	ns hostmaster 1 60 60 600 60
@	IN NS	ns
ns	IN A	10.89.0.1
@	IN A	192.0.2.10
*	IN A	192.0.2.10
EOF
{
	cat <<EOF
options {
	directory "$tmp/hub";
	pid-file "$tmp/hub/named.pid";
	session-keyfile "$tmp/hub/session.key";
	managed-keys-directory "$tmp/hub";
	listen-on port 53 { 10.89.0.1; };
	listen-on-v6 { none; };
	recursion no;
	dnssec-validation no;
	notify no;
};
logging {
	channel q { file "$tmp/hub/query.log"; print-time no; };
	category queries { q; };
	channel n { file "$tmp/hub/named.log"; };
	category default { n; };
};
EOF
	for z in $zones; do
		printf 'zone "%s" { type primary; file "%s/hub/db"; };\n' \
			"$z" "$tmp"
	done
} >"$tmp/hub/named.conf"
named-checkconf -z "$tmp/hub/named.conf" >/dev/null ||
	die "the hub's named.conf"
start_hub() {
	ip netns exec "$HUB" named -f -4 -c "$tmp/hub/named.conf" \
		>>"$tmp/hub/stdout" 2>&1 &
	hubpid=$!
	pids+=("$hubpid")
}
start_hub

# ---- the office's local resolver: dnsmasq, one answer for every name --------
ip netns exec "$LOC" dnsmasq --keep-in-foreground --conf-file=/dev/null \
	--no-resolv --no-hosts --user=root --pid-file="$tmp/dnsmasq.pid" \
	--listen-address=10.89.0.6 --bind-interfaces --port=53 \
	--address=/#/198.51.100.20 --log-queries \
	--log-facility="$tmp/local.log" 2>"$tmp/dnsmasq.err" &
pids+=($!)

# dig from the remote namespace (a client of the office's resolver)
ask() { # ask NS SERVER NAME [SECONDS]: the first A record, else the
	# status, else TIMEOUT
	local out t=${4:-2}
	out=$(ip netns exec "$1" timeout $((t + 4)) dig @"$2" "$3" A +time="$t" \
		+tries=1 +noall +answer +comments 2>&1)
	if echo "$out" | grep -q 'IN[[:space:]]*A[[:space:]]'; then
		echo "$out" | awk '$4 == "A" { print $5; exit }'
	else
		out=$(echo "$out" | sed -n 's/.*status: \([A-Z]*\).*/\1/p')
		echo "${out:-TIMEOUT}" | head -1
	fi
}
ready() { # ready NS SERVER NAME WANT: bounded wait for an answer
	local i
	for i in $(seq 1 50); do
		[ "$(ask "$1" "$2" "$3")" = "$4" ] && return 0
		sleep 0.2
	done
	return 1
}
ready "$HUB" 10.89.0.1 outlook.office365.com 192.0.2.10 ||
	die "the hub's named did not answer: $(tail -5 "$tmp/hub/named.log" "$tmp/hub/stdout" 2>/dev/null)"
ready "$LOC" 10.89.0.6 www.example.org 198.51.100.20 ||
	die "the local dnsmasq did not answer: $(cat "$tmp/dnsmasq.err")"

# ---- the remote office's resolver, configured by m365route dns -----------
# start_remote FORMAT: the office's resolver in the remote namespace with
# the generated file, everything else forwarded to the local resolver;
# (next to) nothing cached, so every answer is asked for again.
start_remote() {
	local f=$1 d=$tmp/rem-$1
	mkdir -p "$d"
	case $f in
	unbound)
		cat >"$d/unbound.conf" <<EOF
server:
	interface: 10.89.0.2
	port: 53
	access-control: 10.89.0.0/16 allow
	username: ""
	chroot: ""
	directory: "$d"
	pidfile: "$d/unbound.pid"
	use-syslog: no
	logfile: "$d/log"
	verbosity: 1
	do-ip6: no
	module-config: "iterator"
	cache-max-ttl: 0
	cache-max-negative-ttl: 0
# everything else goes to the office's local resolver
forward-zone:
	name: "."
	forward-addr: 10.89.0.6
include: "$tmp/remote.unbound.conf"
EOF
		unbound-checkconf "$d/unbound.conf" >/dev/null ||
			die "the remote unbound.conf"
		ip netns exec "$REM" unbound -d -c "$d/unbound.conf" \
			>"$d/stdout" 2>&1 &
		;;
	bind)
		cat >"$d/named.conf" <<EOF
options {
	directory "$d";
	pid-file "$d/named.pid";
	session-keyfile "$d/session.key";
	managed-keys-directory "$d";
	listen-on port 53 { 10.89.0.2; };
	listen-on-v6 { none; };
	recursion yes;
	allow-query { any; };
	allow-recursion { any; };
	dnssec-validation no;
	max-cache-ttl 1;
	max-ncache-ttl 1;
	// everything else goes to the office's local resolver
	forwarders { 10.89.0.6; };
	forward only;
};
logging { channel n { file "$d/log"; }; category default { n; }; };
include "$tmp/remote.bind.conf";
EOF
		named-checkconf "$d/named.conf" || die "the remote named.conf"
		ip netns exec "$REM" named -f -4 -c "$d/named.conf" \
			>"$d/stdout" 2>&1 &
		;;
	dnsmasq)
		# the generated server=/zone/addr lines, and the local
		# resolver for everything else
		ip netns exec "$REM" dnsmasq --keep-in-foreground \
			--conf-file="$tmp/remote.dnsmasq.conf" --no-resolv \
			--no-hosts --user=root --pid-file="$d/dnsmasq.pid" \
			--listen-address=10.89.0.2 --bind-interfaces --port=53 \
			--server=10.89.0.6 --cache-size=0 \
			>"$d/stdout" 2>&1 &
		;;
	esac
	rempid=$!
	pids+=("$rempid")
}
stop() { # stop PID: TERM, bounded wait, KILL; no longer ours to kill
	local p keep=()
	kill "$1" 2>/dev/null
	timeout 5 tail --pid="$1" -f /dev/null 2>/dev/null ||
		kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	for p in "${pids[@]}"; do
		[ "$p" = "$1" ] || keep+=("$p")
	done
	pids=("${keep[@]}")
}
# expect WANT WHY NAME...: each NAME answers WANT through the office's
# resolver; one dig for them all (batch mode), each query bounded.
expect() {
	local want=$1 why=$2 name got
	shift 2
	printf '%s A\n' "$@" >"$tmp/batch"
	ip netns exec "$REM" timeout 90 dig @10.89.0.2 +time=2 +tries=1 \
		+noall +answer -f "$tmp/batch" 2>/dev/null |
		awk '$4 == "A" { sub(/\.$/, "", $1); print $1, $5 }' >"$tmp/answers"
	for name in "$@"; do
		got=$(awk -v n="$name" '$1 == n { print $2; exit }' "$tmp/answers")
		if [ "$got" = "$want" ]; then
			pass=$((pass + 1))
		else
			echo "FAIL: $f: $name: got '${got:-no answer}', want $want ($why)"
			fail=$((fail + 1))
		fi
	done
}

for f in unbound bind dnsmasq; do
	start_remote $f
	ready "$REM" 10.89.0.2 www.example.net 198.51.100.20 ||
		die "$f did not answer: $(tail -5 "$tmp/rem-$f/log" "$tmp/rem-$f/stdout" 2>/dev/null)"

	# Microsoft 365 names, and a probe in every zone: to the hub
	probes=()
	for z in $zones; do
		probes+=("probe-$f.$z")
	done
	expect 192.0.2.10 "forwarded to the hub" outlook.office365.com \
		login.microsoftonline.com contoso.sharepoint.com \
		contoso-my.sharepoint.com autologon.microsoftazuread-sso.com \
		teams.lync.com "${probes[@]}"
	check "$f: the hub saw each zone's probe" \
		test "$(grep -c "probe-$f\." "$tmp/hub/query.log")" -ge "${#probes[@]}"

	# other names: not to the hub
	expect 198.51.100.20 "not forwarded: the local resolver's answer" \
		www.example.org www.debian.org www.office.net

	# forward only: with the hub down, a name never asked before fails,
	# it does not leak. The resolvers retry an unreachable forwarder
	# for longer than a test should wait: no answer within 4 s
	# (TIMEOUT), SERVFAIL or REFUSED all mean the name failed; an
	# address means it leaked somewhere.
	stop "$hubpid"
	got=$(ask "$REM" 10.89.0.2 "down-$f.office365.com" 4)
	check "$f: hub down: down-$f.office365.com does not resolve (got '$got')" \
		test "$got" = SERVFAIL -o "$got" = TIMEOUT -o "$got" = REFUSED
	stop "$rempid"
	start_hub
	ready "$HUB" 10.89.0.1 outlook.office365.com 192.0.2.10 ||
		die "the hub's named did not come back"
done

check "the hub's log shows the forwarded queries" \
	grep -q 'outlook.office365.com' "$tmp/hub/query.log"
check "the hub never saw a non-forwarded name" \
	sh -c "! grep -E 'example\.(org|net)|debian\.org|office\.net' '$tmp/hub/query.log'"
check "the local resolver saw the non-forwarded names" \
	grep -q 'www.debian.org' "$tmp/local.log"
check "the local resolver never saw a forwarded name" \
	sh -c "! grep -E 'query\[A\] [^ ]*(office365\.com|microsoftonline\.com|sharepoint\.com|probe-|down-)' '$tmp/local.log'"

echo "lab: $(echo "$zones" | wc -w) forwarded zones, through Unbound, BIND and dnsmasq"
mr_finish
