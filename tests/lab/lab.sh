#!/usr/bin/env bash
# lab.sh - the BGP behaviour lab (docs/lab.md): stand a design up in
# network namespaces on this machine (no link or route to the host's
# interfaces), with the customer edges running FRR, Microsoft's side BIRD
# as AS 12076 and an Internet router BIRD; assert from the daemons' own
# state; print the agreement table with `m365route simulate`; tear it all
# down, on success, failure or Ctrl-C.
#
#   lab.sh M365ROUTE LABDESC DESIGN [--edge frr|bird] [--fault KIND]
#
# DESIGN is a file or example:NAME. --edge: the customer edges run the
# configuration `m365route config --format frr` (FRR: zebra, bgpd, bfdd;
# the default) or `--format bird` (BIRD 2) generates. --fault KIND: the
# design carries a planted fault the lab must show (missing-community,
# extra-prefix); the run passes when the fault is visible.
# Exit: 0 pass, 1 an assertion failed, 2 usage or setup error, 77 skipped
# (not root, or a daemon binary missing; under CI=true these fail, so CI
# proves the lab runs).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
usage() {
	echo "usage: lab.sh M365ROUTE LABDESC DESIGN|example:NAME [--edge frr|bird] [--fault KIND]" >&2
	exit 2
}
[ $# -ge 3 ] || usage
m365route=$1 labdesc=$2 design=$3
shift 3
fault="" edge=frr
while [ $# -gt 0 ]; do
	case $1 in
	--fault) [ $# -ge 2 ] || usage; fault=$2; shift 2 ;;
	--edge)
		[ $# -ge 2 ] || usage
		case $2 in frr | bird) edge=$2 ;; *) usage ;; esac
		shift 2
		;;
	*) usage ;;
	esac
done

skip() {
	if [ "${CI:-}" = true ]; then
		echo "lab: FAIL: $* (CI=true: the lab must run)" >&2
		exit 1
	fi
	echo "lab: SKIP: $*" >&2
	exit 77
}
[ "$(id -u)" -eq 0 ] || skip "network namespaces need root (run as root, or sudo make lab)"
FRR=${MRLAB_FRR_DIR:-/usr/lib/frr}
for b in "$FRR/zebra" "$FRR/bgpd" "$FRR/bfdd"; do
	[ -x "$b" ] || skip "$b missing (Debian package frr)"
done
for b in vtysh bird birdc ip nft python3; do
	command -v "$b" >/dev/null 2>&1 || skip "$b missing (scripts/install-deps installs it)"
done
getent passwd frr >/dev/null || skip "no frr user (Debian package frr creates it)"

t0=$(date +%s.%N)
phase() { # say how long the run has taken so far (MRLAB_VERBOSE=1)
	[ -z "${MRLAB_VERBOSE:-}" ] || echo "lab: $(python3 -c "import time; print('%.1f' % (time.time() - $t0))") s: $*" >&2
}
W=$(mktemp -d "/tmp/mrlab-$$.XXXXXX")
chmod 755 "$W"
P="mrlab-$$-" # namespace prefix: unique per run
pids=()
namespaces=()

cleanup() {
	local rc=$? p ns
	trap - EXIT INT TERM
	# MRLAB_HOLD=SECONDS: keep a failed lab up that long to look at it.
	if [ "$rc" -ne 0 ] && [ -n "${MRLAB_HOLD:-}" ]; then
		echo "lab: holding for ${MRLAB_HOLD} s (namespaces $P*, work $W)" >&2
		sleep "$MRLAB_HOLD" || true
	fi
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null || true
	done
	# Each daemon gets up to 2 s to go, then SIGKILL.
	for p in "${pids[@]}"; do
		for _ in $(seq 20); do
			kill -0 "$p" 2>/dev/null || break
			sleep 0.1
		done
		kill -9 "$p" 2>/dev/null || true
	done
	for ns in "${namespaces[@]}"; do
		ip netns del "$ns" 2>/dev/null || true
	done
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ]; then
		echo "lab: failed (exit $rc); daemon logs:" >&2
		for f in "$W"/*/*.log; do
			[ -f "$f" ] || continue
			echo "--- ${f#"$W"/} (last 15 lines)" >&2
			tail -n 15 "$f" >&2 || true
		done
	fi
	if [ -n "${MRLAB_KEEP:-}" ]; then
		echo "lab: work files kept in $W" >&2
	else
		rm -rf "$W"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The design's facts (labdesc) and the simulation's flows.
case $design in
example:*) dargs=(--example "${design#example:}") ;;
*) dargs=("$design") ;;
esac
"$labdesc" "${dargs[@]}" >"$W/desc.json" || exit 2
set +e
"$m365route" simulate --format json "${dargs[@]}" >"$W/sim.json"
src=$?
set -e
[ $src -le 1 ] || { echo "lab: m365route simulate failed (exit $src)" >&2; exit 2; }

# customer_edge_config ROUTER: the FRR configuration of one customer edge
# router: what `m365route config --format frr` wrote for it. With --edge
# bird, lab.py plan appends the lab's wiring to what `m365route config
# --format bird` wrote (WORKDIR/NS/bird.conf).
customer_edge_config() {
	cat "$W/frr/$1.frr.conf"
}

# Every router's configuration, for the edges' daemon and nftables, as
# `m365route config` writes it for the design (a design with errors
# stops here: exit 1).
for fmt in $edge nftables; do
	set +e
	"$m365route" config --format "$fmt" -o "$W/$fmt" "${dargs[@]}" 2>"$W/config-$fmt.err"
	src=$?
	set -e
	if [ $src -ne 0 ]; then
		echo "lab: m365route config --format $fmt failed (exit $src):" >&2
		cat "$W/config-$fmt.err" >&2
		exit $((src == 1 ? 1 : 2))
	fi
done
python3 "$here/lab.py" plan "$W/desc.json" "$W" "$edge"
phase "configuration generated"

# The design's VLANs are 802.1Q sub-interfaces IF.VLAN. Without 802.1Q in
# the kernel (CONFIG_VLAN_8021Q), IF.VLAN is a bridge with IF as its only
# port: same names and addresses, untagged frames. Either way, taking
# IF.VLAN down leaves IF's carrier up (only BFD or the hold timer tells).
namespaces+=("${P}probe")
ip netns add "${P}probe"
ip -n "${P}probe" link add p0 type veth peer name p1
if ip -n "${P}probe" link add link p0 name p0.9 type vlan id 9 2>/dev/null; then
	dot1q=yes
else
	dot1q=no
	echo "lab: note: this kernel has no 802.1Q VLANs: each IF.VLAN is a bridge over IF, frames untagged" >&2
fi
ip netns del "${P}probe"

# The namespaces, links and addresses (WORKDIR/topology, from lab.py
# plan), as one `ip -batch` for the namespaces, then one per namespace
# creating its veth pairs, then one per namespace for the rest.
: >"$W/ip-netns.batch"
while read -r op a b c d; do
	case $op in
	ns)
		namespaces+=("$P$a")
		echo "netns add $P$a" >>"$W/ip-netns.batch"
		echo "link set lo up" >>"$W/$a.ip1"
		;;
	veth)
		echo "link add $b type veth peer name $d netns $P$c" >>"$W/$a.ip1"
		echo "link set $b up" >>"$W/$a.ip2"
		echo "link set $d up" >>"$W/$c.ip2"
		;;
	vlan)
		if [ "$dot1q" = yes ]; then
			echo "link add link $b name $b.$c type vlan id $c" >>"$W/$a.ip2"
		else
			echo "link add $b.$c type bridge forward_delay 0" >>"$W/$a.ip2"
			echo "link set $b master $b.$c" >>"$W/$a.ip2"
		fi
		[ "$d" = - ] || echo "addr add $d dev $b.$c" >>"$W/$a.ip2"
		echo "link set $b.$c up" >>"$W/$a.ip2"
		;;
	addr)
		echo "addr add $c dev $b" >>"$W/$a.ip2"
		;;
	*) echo "lab: bad topology line: $op" >&2; exit 2 ;;
	esac
done <"$W/topology"
ip -batch "$W/ip-netns.batch"
for step in ip1 ip2; do
	for f in "$W"/*."$step"; do
		[ -f "$f" ] || continue
		a=${f##*/}
		ip -n "$P${a%."$step"}" -batch "$f"
	done
done
# Customer routers forward (their generated configuration leaves that to
# the system).
while read -r op a kind router; do
	[ "$op" = ns ] && [ "$router" != - ] || continue
	ip netns exec "$P$a" sysctl -qw net.ipv4.ip_forward=1
done <"$W/topology"

phase "namespaces and links up"

# Daemons: BIRD in the Microsoft, backbone and Internet namespaces (and
# the customer edges with --edge bird); FRR (zebra, bgpd, bfdd) in each
# site interior (and the customer edges with --edge frr), each with its
# own sockets. Every zebra first (bgpd and bfdd connect to it), all
# started at once, then the rest.
frr_start() { # NS DAEMON [ARGS...]
	local ns=$1 dm=$2 d="$W/$1"
	shift 2
	ip netns exec "$P$ns" "$FRR/$dm" -u frr -g frr -i "$d/$dm.pid" \
		-z "$d/zserv.api" --vty_socket "$d" -f "$d/empty.conf" \
		--log "file:$d/$dm.log" -P 0 "$@" </dev/null >"$d/$dm.out" 2>&1 &
	pids+=($!)
}
frr_ns=()
while read -r op a kind router; do
	[ "$op" = ns ] || continue
	d="$W/$a"
	mkdir -p "$d"
	if [ "$kind" = bird ]; then
		ip netns exec "$P$a" bird -f -c "$d/bird.conf" -s "$d/bird.ctl" \
			-P "$d/bird.pid" </dev/null >"$d/bird.out" 2>&1 &
		pids+=($!)
	else
		chown frr:frr "$d"
		: >"$d/empty.conf" # started empty, configured through vtysh
		frr_start "$a" zebra
		frr_ns+=("$a")
	fi
done <"$W/topology"
for a in "${frr_ns[@]}"; do
	for _ in $(seq 100); do
		[ -S "$W/$a/zserv.api" ] && break
		sleep 0.05
	done
	[ -S "$W/$a/zserv.api" ] || { echo "lab: $a: zebra did not start" >&2; exit 2; }
	frr_start "$a" bgpd
	frr_start "$a" bfdd --bfdctl "$W/$a/bfdd.sock"
done

phase "daemons started"

# Configure each FRR namespace once its daemons answer (bounded wait): a
# customer edge with its generated configuration, then the lab's wiring
# (glue.conf: iBGP to the site's interior, the ISP's address), and its
# generated nftables ruleset; a site's interior with the lab's.
vtysh_file() { # NS FILE
	if ! ip netns exec "$P$1" vtysh --vty_socket "$W/$1" -f "$2" </dev/null >"$W/$1/vtysh.out" 2>&1; then
		echo "lab: $1: FRR refused ${2#"$W"/}:" >&2
		cat "$W/$1/vtysh.out" >&2
		exit 1
	fi
}
while read -r op a kind router; do
	[ "$op" = ns ] && [ "$kind" = frr ] || continue
	d="$W/$a"
	for _ in $(seq 100); do
		[ -S "$d/zebra.vty" ] && [ -S "$d/bgpd.vty" ] && [ -S "$d/bfdd.vty" ] && break
		sleep 0.05
	done
	[ -S "$d/bgpd.vty" ] || { echo "lab: $a: FRR did not start" >&2; exit 2; }
	if [ "$router" = - ]; then
		vtysh_file "$a" "$d/frr.conf"
		continue
	fi
	customer_edge_config "$router" >"$d/frr.conf"
	vtysh_file "$a" "$d/frr.conf"
	vtysh_file "$a" "$d/glue.conf"
done <"$W/topology"
# Each customer edge's generated nftables ruleset (source NAT).
while read -r op a kind router; do
	[ "$op" = ns ] && [ "$router" != - ] || continue
	if [ -f "$W/nftables/$router.nft" ] &&
		! ip netns exec "$P$a" nft -f "$W/nftables/$router.nft" >"$W/$a/nft.out" 2>&1; then
		echo "lab: $a: nft refused nftables/$router.nft:" >&2
		cat "$W/$a/nft.out" >&2
		exit 1
	fi
done <"$W/topology"

phase "FRR configured"

# Every daemon still running (a configuration BIRD refuses ends it).
sleep 0.5
for p in "${pids[@]}"; do
	if ! kill -0 "$p" 2>/dev/null; then
		echo "lab: a daemon exited at start:" >&2
		cat "$W"/*/*.out >&2
		exit 2
	fi
done

export MRLAB_PREFIX=$P MRLAB_WORK=$W MRLAB_T0=$t0
python3 "$here/labcheck.py" "$W/desc.json" "$W/sim.json" ${fault:+--fault "$fault"}
# MRLAB_AFTER=COMMAND: run with the lab still up once the checks passed
# (MRLAB_PREFIX, MRLAB_WORK name it): captures the routers' state, runs
# `m365route verify` against them (tests/verify/capture.sh).
if [ -n "${MRLAB_AFTER:-}" ]; then
	bash -c "$MRLAB_AFTER"
fi
