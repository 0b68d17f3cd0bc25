#!/bin/bash
# lab-faults.sh M365ROUTE REFERENCE ER_ROUTER INET_ROUTER EXTRA BOTH - run
# inside a live lab (lab.sh's MRLAB_AFTER, with MRLAB_PREFIX and MRLAB_WORK
# set): plant three faults in the running customer edges, one after the
# other, and require `m365route verify` to find and name each from what
# the daemon itself exports:
#
#   extra-prefix  ER_ROUTER also exports EXTRA to Microsoft (a new export
#                 route-map entry and a `network`; BIRD: the prefix added
#                 to the export set and a static route). Its advertisement
#                 to Microsoft (FRR `neighbors X advertised-routes json`,
#                 BIRD `show route export PROTO all`) -> MR-VER-7 naming
#                 EXTRA.
#   local-pref    `set local-preference` (BIRD: `bgp_local_pref = ...`)
#                 dropped from ER_ROUTER's import policy. Its table (FRR
#                 `show bgp ipv4 unicast json`, BIRD `show route all`) and
#                 an MRT RIB dump the daemon writes (bgpd `dump bgp
#                 routes-mrt`, BIRD `protocol mrt`) -> MR-VER-4 in each.
#   both-ways     INET_ROUTER also announces BOTH (a prefix the plan sends
#                 to Microsoft) to the Internet router. Its advertisement
#                 to the ISP -> MR-VER-9 naming BOTH.
#
# Before each fault the same export is verified and must not carry that
# finding: the finding is the fault's, not the lab's. Every wait is
# bounded (poll every 0.2 s, at most 20 s). REFERENCE is a design file or
# example:NAME; the edges' kind (frr or bird) is the lab's topology's.
# Exit 0 when every fault was named, 1 otherwise (each sub-case says).
set -u
m365route=$1 ref=$2 er=$3 inet=$4 extra=$5 both=$6
P=$MRLAB_PREFIX
W=$MRLAB_WORK
out=$W/faults
mkdir -p "$out"
case $ref in
example:*) dargs=(--example "${ref#example:}") ;;
*) dargs=("$ref") ;;
esac
fails=0

nsof() { # ROUTER -> "NS KIND"
	awk -v r="$1" '$1 == "ns" && $4 == r { print $2, $3 }' "$W/topology"
}
read -r er_ns kind < <(nsof "$er")
read -r inet_ns inet_kind < <(nsof "$inet")
if [ -z "${er_ns:-}" ] || [ -z "${inet_ns:-}" ] || [ "$kind" != "$inet_kind" ]; then
	echo "lab-faults: FAIL: no router $er or $inet in the lab" >&2
	exit 1
fi

vt() { # NS CMD... (FRR)
	local ns=$1 a=()
	shift
	for c in "$@"; do a+=(-c "$c"); done
	timeout 20 ip netns exec "$P$ns" vtysh --vty_socket "$W/$ns" "${a[@]}"
}
bc() { # NS CMD... (BIRD)
	local ns=$1
	shift
	timeout 20 birdc -s "$W/$ns/bird.ctl" "$@"
}

# The established session to a peer AS (FRR: its address; BIRD: its
# protocol). After the lab's failover check the primary link is down.
peer_of() { # NS ASN
	if [ "$kind" = frr ]; then
		vt "$1" 'show bgp ipv4 unicast summary json' | python3 -c '
import json, sys
for ip, p in json.load(sys.stdin).get("peers", {}).items():
    if p.get("remoteAs") == int(sys.argv[1]) and p.get("state") == "Established":
        print(ip); break' "$2"
	else
		bc "$1" show protocols all | awk -v asn="$2" '
			/^[a-z_0-9]+ +BGP / { name = $1; up = ($0 ~ /Established/) }
			/Neighbor AS:/ && $3 == asn && up { print name; exit }'
	fi
}

# export_adv NS PEER FILE: what NS advertises to PEER.
export_adv() {
	if [ "$kind" = frr ]; then
		vt "$1" "show bgp ipv4 unicast neighbors $2 advertised-routes json" >"$3"
	else
		bc "$1" show route export "$2" all >"$3"
	fi
}
# export_rib NS FILE: NS's routing table.
export_rib() {
	if [ "$kind" = frr ]; then
		vt "$1" 'show bgp ipv4 unicast json' >"$2"
	else
		bc "$1" show route all >"$2"
	fi
}
# export_mrt NS FILE: an MRT TABLE_DUMP_V2 RIB dump the daemon writes.
n_mrt=0
export_mrt() {
	local ns=$1 f=$2 d=$W/$1
	n_mrt=$((n_mrt + 1))
	local tmp=$d/fault-rib-$n_mrt.mrt
	if [ "$kind" = frr ]; then
		chmod 777 "$d"
		vt "$ns" 'configure terminal' "dump bgp routes-mrt $tmp" >/dev/null
	else
		{ cat "$d/bird-fault.conf"; printf 'protocol mrt mrtfault {\n\ttable "master4";\n\tfilename "%s";\n\tperiod 1;\n}\n' "$tmp"; } >"$d/bird-mrt.conf"
		bc "$ns" "configure \"$d/bird-mrt.conf\"" >/dev/null
	fi
	for _ in $(seq 100); do
		[ -s "$tmp" ] && break
		sleep 0.2
	done
	sleep 1 # the dump is written whole
	if [ "$kind" = frr ]; then
		vt "$ns" 'configure terminal' 'no dump bgp routes-mrt' >/dev/null
	else
		bc "$ns" "configure \"$d/bird-fault.conf\"" >/dev/null
	fi
	cp "$tmp" "$f" 2>/dev/null
}

# bird_plant NS [after|replace TEXT NEW]...: edit the running BIRD
# configuration (bird-fault.conf, from bird.conf: NEW after TEXT, or in
# place of it) and reconfigure.
bird_plant() {
	local ns=$1 d=$W/$1
	shift
	[ -f "$d/bird-fault.conf" ] || cp "$d/bird.conf" "$d/bird-fault.conf"
	python3 - "$d/bird-fault.conf" "$@" <<'PY' || return 1
import sys
path, edits = sys.argv[1], sys.argv[2:]
s = open(path).read()
for i in range(0, len(edits), 3):
    op, a, b = edits[i:i + 3]
    if a not in s:
        sys.exit("lab-faults: %r not in %s" % (a, path))
    s = s.replace(a, a + b if op == "after" else b, 1)
open(path, "w").write(s)
PY
	bc "$ns" "configure \"$d/bird-fault.conf\"" >"$d/configure.out"
	grep -q "Reconfigured\|Reconfiguration in progress" "$d/configure.out" || {
		cat "$d/configure.out" >&2
		return 1
	}
}

# wait_for DESC CMD...: poll CMD (every 0.2 s, at most 20 s) until it
# succeeds.
wait_for() {
	local desc=$1
	shift
	for _ in $(seq 100); do
		"$@" && return 0
		sleep 0.2
	done
	echo "lab-faults: the fault did not take effect in 20 s: $desc" >&2
	return 1
}
has_prefix() { # FILE PREFIX: the export lists PREFIX
	grep -q "\"$2\"\|^$2 " "$1"
}

# verify_has CASE WANT_FINDING CODE NEEDLE [ARGS...]: run verify with ARGS;
# when WANT_FINDING is yes it must exit 1 with a CODE finding whose
# message holds NEEDLE; when no, no such finding.
verify_has() {
	local c=$1 want=$2 code=$3 needle=$4
	shift 4
	"$m365route" verify "${dargs[@]}" "$@" -f json >"$out/$c.json" 2>"$out/$c.err"
	local rc=$?
	local n
	n=$(python3 - "$out/$c.json" "$code" "$needle" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))["diagnostics"]
except Exception:
    print(-1); sys.exit()
hits = [x for x in d if x["code"] == sys.argv[2] and sys.argv[3] in x["message"]]
for x in hits[:3]:
    print("    %s %s %s" % (x["severity"], x["code"], x["message"]), file=sys.stderr)
if len(hits) > 3:
    print("    (and %d more)" % (len(hits) - 3), file=sys.stderr)
print(len(hits))
PY
)
	if [ "$want" = yes ]; then
		[ "$rc" -le 1 ] && [ "$n" -gt 0 ] && return 0
		echo "lab-faults: $c: verify exit $rc, $n $code finding(s) naming $needle; expected at least one" >&2
	else
		[ "$rc" -le 1 ] && [ "$n" -eq 0 ] && return 0
		echo "lab-faults: $c: before the fault: verify exit $rc, $n $code finding(s) naming $needle; expected none" >&2
	fi
	cat "$out/$c.err" >&2
	return 1
}

result() { # CASE OK
	if [ "$2" = 0 ]; then
		echo "ok:   fault $1: found and named by verify"
	else
		echo "FAIL: fault $1: not found or not named by verify" >&2
		fails=$((fails + 1))
	fi
}

echo "lab-faults: $kind edges: $er (ExpressRoute), $inet (Internet)"

# case_adv CASE NS ROUTER PEER_ASN PEER_DESC CODE PREFIX FRR_ROUTEMAP
# BIRD_SET [BIRD_EDIT...]: ROUTER also exports PREFIX to its established
# peer of PEER_ASN (FRR: a first entry in its export route-map matching a
# prefix list of PREFIX, and a `network`; BIRD: PREFIX in the export set
# and a static route, after any further edits); its advertisement to that
# peer, as --advertised, must carry a CODE finding naming PREFIX.
case_adv() {
	local c=$1 ns=$2 rt=$3 asn=$4 desc=$5 code=$6 pfx=$7 rmap=$8 set=$9 peer
	shift 9
	local f=$out/$c.adv
	peer=$(peer_of "$ns" "$asn")
	[ -n "$peer" ] || { echo "lab-faults: $rt: no established session with $desc" >&2; return 1; }
	export_adv "$ns" "$peer" "$f.before"
	verify_has "$c-before" no "$code" "$pfx" --advertised "$rt=$f.before" || return 1
	if [ "$kind" = frr ]; then
		local own
		own=$(vt "$ns" 'show bgp ipv4 unicast summary json' |
			python3 -c 'import json,sys; print(json.load(sys.stdin)["as"])')
		vt "$ns" 'configure terminal' \
			"ip prefix-list LAB-FAULT seq 5 permit $pfx" \
			"route-map $rmap permit 1" 'match ip address prefix-list LAB-FAULT' 'exit' \
			"router bgp $own" 'address-family ipv4 unicast' "network $pfx" >/dev/null || return 1
	else
		bird_plant "$ns" "$@" after "define $set = [" $'\n\t'"$pfx," \
			after $'protocol static m365_origin4 {\n\tipv4;' $'\n\t'"route $pfx blackhole;" ||
			return 1
	fi
	wait_for "$rt advertising $pfx to $peer" \
		eval "export_adv $ns $peer $f && has_prefix $f $pfx" || return 1
	echo "  $rt advertises $pfx to $desc ($peer); verify --advertised $rt=${f##*/}:"
	verify_has "$c" yes "$code" "$pfx" --advertised "$rt=$f"
}

# --- extra-prefix ---------------------------------------------------------
case_adv extra "$er_ns" "$er" 12076 Microsoft MR-VER-7 "$extra" M365-OUT M365_OUT4
result extra-prefix $?

# --- local-pref -----------------------------------------------------------
case_lp() {
	local f=$out/lp.rib
	export_rib "$er_ns" "$f.before"
	verify_has lp-before no MR-VER-4 "local preference" --router "$er=$f.before" || return 1
	if [ "$kind" = frr ]; then
		# The generated import route-map's permit entry sets it.
		local seq
		seq=$(vt "$er_ns" 'show running-config' | awk '
			/^route-map M365-IN permit/ { s = $4 }
			/set local-preference/ && s { print s; exit }')
		[ -n "$seq" ] || { echo "lab-faults: $er: no set local-preference in M365-IN" >&2; return 1; }
		vt "$er_ns" 'configure terminal' "route-map M365-IN permit $seq" \
			'no set local-preference' >/dev/null || return 1
		vt "$er_ns" 'clear bgp ipv4 unicast * soft in' >/dev/null
	else
		local line
		line=$(grep -m1 'bgp_local_pref = ' "$W/$er_ns/bird.conf")
		bird_plant "$er_ns" replace "$line" "" || return 1
		bc "$er_ns" reload in all >/dev/null
	fi
	# Taken effect: no route in the table carries the plan's value.
	lp_gone() {
		export_rib "$er_ns" "$f" || return 1
		if [ "$kind" = frr ]; then
			python3 - "$f" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["routes"]
ms = [p for v in r.values() for p in v if p.get("path", "").startswith("12076")]
sys.exit(0 if ms and all(p.get("locPrf", 100) == 100 for p in ms) else 1)
PY
		else
			grep -q 'BGP.local_pref: 100' "$f" && ! grep -q 'BGP.local_pref: 1[1-9][0-9]' "$f"
		fi
	}
	wait_for "$er's routes from Microsoft at local preference 100" lp_gone || return 1
	echo "  $er's routes from Microsoft now at local preference 100; verify --router $er=${f##*/}:"
	verify_has lp yes MR-VER-4 "local preference 100" --router "$er=$f" || return 1
	export_mrt "$er_ns" "$out/lp.mrt"
	[ -s "$out/lp.mrt" ] || { echo "lab-faults: $er: no MRT dump written" >&2; return 1; }
	echo "  the same from the daemon's MRT RIB dump; verify --router $er=mrt:lp.mrt:"
	verify_has lp-mrt yes MR-VER-4 "local preference 100" --router "$er=mrt:$out/lp.mrt"
}
case_lp
result local-pref $?

# --- both-ways ------------------------------------------------------------
# inet-1's generated export policy denies the ExpressRoute prefixes first;
# on BIRD that deny goes too.
case_adv both "$inet_ns" "$inet" 64500 "the Internet router" MR-VER-9 "$both" \
	M365-INET-OUT M365_INET_OUT4 replace 'if net ~ M365_ER_ONLY4 then reject;' ''
result both-ways $?

[ "$fails" -eq 0 ] || exit 1
echo "ok:   verify found and named all three planted faults"
