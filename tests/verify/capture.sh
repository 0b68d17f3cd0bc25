#!/bin/bash
# capture.sh OUTDIR - run inside a live lab (lab.sh's MRLAB_AFTER, with
# MRLAB_PREFIX and MRLAB_WORK set): write every customer edge's and
# Microsoft edge's routing state as the daemons themselves export it:
#   NS.frr.json            vtysh -c 'show bgp ipv4 unicast json'
#   NS.frr-PEER-received.json / -advertised.json
#                          vtysh -c 'show bgp ipv4 unicast neighbors PEER
#                          received-routes|advertised-routes json'
#   NS.frr.mrt             bgpd's `dump bgp routes-mrt` (TABLE_DUMP_V2)
#   NS.frr-updates.mrt     bgpd's `dump bgp updates-et` (BGP4MP_ET) over a
#                          soft clear of the sessions
#   NS.bird.txt            birdc show route all
#   NS.bird.mrt            BIRD's `protocol mrt` (TABLE_DUMP_V2)
set -eu
out=$1
P=$MRLAB_PREFIX
W=$MRLAB_WORK
mkdir -p "$out"
vt() { # NS CMD...
	local ns=$1
	shift
	local a=()
	for c in "$@"; do a+=(-c "$c"); done
	timeout 20 ip netns exec "$P$ns" vtysh --vty_socket "$W/$ns" "${a[@]}"
}
while read -r op a kind router; do
	[ "$op" = ns ] || continue
	if [ "$kind" = frr ] && [ "$router" != - ]; then
		vt "$a" 'show bgp ipv4 unicast json' >"$out/$a.frr.json"
		for peer in $(vt "$a" 'show bgp ipv4 unicast summary json' |
			python3 -c 'import json,sys; print(" ".join(json.load(sys.stdin).get("peers", {})))'); do
			vt "$a" "show bgp ipv4 unicast neighbors $peer received-routes json" \
				>"$out/$a.frr-$peer-received.json" || true
			vt "$a" "show bgp ipv4 unicast neighbors $peer advertised-routes json" \
				>"$out/$a.frr-$peer-advertised.json" || true
		done
		chmod 777 "$W/$a"
		vt "$a" 'configure terminal' "dump bgp routes-mrt $W/$a/rib.mrt" \
			"dump bgp updates-et $W/$a/upd.mrt"
		vt "$a" 'clear bgp ipv4 unicast * soft' || true
		for _ in $(seq 50); do
			[ -s "$W/$a/rib.mrt" ] && [ -s "$W/$a/upd.mrt" ] && break
			sleep 0.2
		done
		sleep 2
		vt "$a" 'configure terminal' 'no dump bgp routes-mrt' 'no dump bgp updates-et' || true
		cp "$W/$a/rib.mrt" "$out/$a.frr.mrt" 2>/dev/null || echo "capture: $a: no routes-mrt" >&2
		cp "$W/$a/upd.mrt" "$out/$a.frr-updates.mrt" 2>/dev/null || echo "capture: $a: no updates-et" >&2
	elif [ "$kind" = bird ]; then
		ctl="$W/$a/bird.ctl"
		birdc -s "$ctl" show route all >"$out/$a.bird.txt"
		conf="$W/$a/bird-mrt.conf"
		{ cat "$W/$a/bird.conf"; printf 'protocol mrt mrtrib {\n\ttable \"master4\";\n\tfilename "%s";\n\tperiod 1;\n}\n' "$W/$a/rib.mrt"; } >"$conf"
		birdc -s "$ctl" "configure \"$conf\"" >/dev/null
		for _ in $(seq 50); do
			[ -s "$W/$a/rib.mrt" ] && break
			sleep 0.2
		done
		sleep 1.5
		cp "$W/$a/rib.mrt" "$out/$a.bird.mrt" 2>/dev/null || echo "capture: $a: no mrt" >&2
	fi
done <"$W/topology"
