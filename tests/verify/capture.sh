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
#   MS.gobgp-*             a gobgpd peering with the Microsoft edge MS
#                          (below): its MRT table and update dumps, its
#                          `global rib -j` and `neighbor X adj-in -j`
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

# GoBGP (gobgpd), peering with the first Microsoft edge's BIRD over a veth
# pair of its own (198.18.99.0/30, lab only) as a customer edge would,
# with no import policy: it takes every route Microsoft's edge sends on
# the circuit, the refused ones too. gobgpd writes its global RIB as MRT
# (`[[mrt-dump]] dump-type = "table"`) and the updates it receives
# (`dump-type = "updates"`, BGP4MP); `gobgp global rib -j` and `gobgp
# neighbor ADDR adj-in -j` are its JSON.
#   NS.gobgp-rib.mrt  NS.gobgp-updates.mrt  NS.gobgp-rib.json
#   NS.gobgp-adj-in.json                    (NS: the Microsoft edge)
if command -v gobgpd >/dev/null 2>&1 && command -v gobgp >/dev/null 2>&1; then
	ms=$(awk '$1 == "ns" && $2 ~ /^ms/ { print $2; exit }' "$W/topology")
	gns=${P}gobgp
	gd=$W/gobgp
	mkdir -p "$gd"
	gpid=
	gobgp_down() {
		[ -z "$gpid" ] || kill "$gpid" 2>/dev/null || true
		ip netns del "$gns" 2>/dev/null || true
	}
	trap gobgp_down EXIT
	ip netns add "$gns"
	ip -n "$gns" link set lo up
	ip -n "$P$ms" link add gb0 type veth peer name gb1 netns "$gns"
	ip -n "$P$ms" addr add 198.18.99.1/30 dev gb0
	ip -n "$P$ms" link set gb0 up
	ip -n "$gns" addr add 198.18.99.2/30 dev gb1
	ip -n "$gns" link set gb1 up
	cat >"$gd/gobgpd.toml" <<TOML
[global.config]
  as = 64621
  router-id = "198.18.99.2"
  local-address-list = ["198.18.99.2"]
[[neighbors]]
  [neighbors.config]
    neighbor-address = "198.18.99.1"
    peer-as = 12076
[[mrt-dump]]
  [mrt-dump.config]
    dump-type = "updates"
    file-name = "updates.mrt"
[[mrt-dump]]
  [mrt-dump.config]
    dump-type = "table"
    file-name = "$gd/rib.mrt"
    dump-interval = 60
TOML
	{ cat "$W/$ms/bird.conf"; printf 'protocol bgp gobgp {\n  local 198.18.99.1 as 12076;\n  neighbor 198.18.99.2 as 64621;\n  connect retry time 1; error wait time 1, 5;\n  ipv4 { import none; export filter to_customer; };\n}\n'; } >"$W/$ms/bird-gobgp.conf"
	birdc -s "$W/$ms/bird.ctl" "configure \"$W/$ms/bird-gobgp.conf\"" >/dev/null
	# The update dump's file name is a Go time layout (for its rotation):
	# the digits of the work directory's path would be read as a date, so
	# it is relative, gobgpd started in $gd.
	(cd "$gd" && exec ip netns exec "$gns" gobgpd -f "$gd/gobgpd.toml" -t toml \
		--api-hosts 127.0.0.1:50051 -l info >"$gd/gobgpd.log" 2>&1) &
	gpid=$!
	gb() { timeout 10 ip netns exec "$gns" gobgp -u 127.0.0.1 -p 50051 "$@"; }
	# Established and the table complete (as many routes as Microsoft's
	# edge exports to it), then a table dump written after that.
	n_ms=$(birdc -s "$W/$ms/bird.ctl" show route protocol ms_routes count |
		awk '/routes/ { print $1; exit }')
	for _ in $(seq 150); do
		n=$(gb global rib summary 2>/dev/null | awk '/Destination:/ { gsub(",", "", $2); print $2 }')
		[ -n "$n" ] && [ "$n" = "$n_ms" ] && break
		sleep 0.2
	done
	echo "capture: gobgpd holds ${n:-0} routes of the $n_ms Microsoft's edge sends" >&2
	# The update dump now, before gobgpd's first rotation (60 s at
	# least) starts the file again.
	sleep 1
	cp "$gd/updates.mrt" "$out/$ms.gobgp-updates.mrt" || echo "capture: gobgpd wrote no update dump" >&2
	# gobgpd dumps its table every dump-interval, 60 s at least, the
	# first one an interval after its start.
	for _ in $(seq 400); do
		[ -s "$gd/rib.mrt" ] && break
		sleep 0.2
	done
	sleep 1
	gb global rib -j >"$out/$ms.gobgp-rib.json"
	gb neighbor 198.18.99.1 adj-in -j >"$out/$ms.gobgp-adj-in.json"
	cp "$gd/rib.mrt" "$out/$ms.gobgp-rib.mrt" || echo "capture: gobgpd wrote no table dump" >&2
	gobgpd --version >"$out/gobgp.version"
	birdc -s "$W/$ms/bird.ctl" "configure \"$W/$ms/bird.conf\"" >/dev/null
	gobgp_down
fi
