#!/bin/bash
# lab-verify.sh M365ROUTE REFERENCE [clean|CODE...] - run inside a live lab
# (lab.sh's MRLAB_AFTER, with MRLAB_PREFIX and MRLAB_WORK set): export each
# customer edge's routing table as the daemon itself writes it (FRR: vtysh
# 'show bgp ipv4 unicast json'; BIRD: birdc 'show route all') and run
# `m365route verify REFERENCE --router NAME=FILE` over all of them.
# REFERENCE is a design file or example:NAME: the plan the routers should
# follow (for a planted fault, the design without it).
# clean: verify must exit 0 with no finding. CODE...: verify must exit 1
# and name each of these rule codes (MR-VER-1 ...).
set -u
m365route=$1
ref=$2
shift 2
P=$MRLAB_PREFIX
W=$MRLAB_WORK
out=$W/verify
mkdir -p "$out"
args=()
while read -r op a kind router; do
	[ "$op" = ns ] && [ "$router" != - ] || continue
	if [ "$kind" = frr ]; then
		f=$out/$router.json
		timeout 20 ip netns exec "$P$a" vtysh --vty_socket "$W/$a" \
			-c 'show bgp ipv4 unicast json' >"$f" || exit 2
	else
		f=$out/$router.txt
		timeout 20 birdc -s "$W/$a/bird.ctl" show route all >"$f" || exit 2
	fi
	args+=(--router "$router=$f")
done <"$W/topology"
case $ref in
example:*) dargs=(--example "${ref#example:}") ;;
*) dargs=("$ref") ;;
esac
"$m365route" verify "${dargs[@]}" "${args[@]}" -f json >"$out/findings.json" 2>"$out/err"
rc=$?
echo "verify: exit $rc; findings:"
python3 - "$out/findings.json" <<'PY'
import json, sys
for d in json.load(open(sys.argv[1]))["diagnostics"]:
    print("  %s %s %s" % (d["severity"], d["code"], d["message"]))
PY
if [ "${1:-clean}" = clean ]; then
	n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["diagnostics"]))' "$out/findings.json")
	if [ "$rc" -ne 0 ] || [ "$n" -ne 0 ]; then
		echo "FAIL: verify of the live routers against the plan is not clean" >&2
		cat "$out/err" >&2
		exit 1
	fi
	echo "ok:   verify: the live routers match the plan"
	exit 0
fi
if [ "$rc" -ne 1 ]; then
	echo "FAIL: verify exit $rc, expected 1 (drift found)" >&2
	cat "$out/err" >&2
	exit 1
fi
for code in "$@"; do
	if ! grep -q "\"code\":\"$code\"" "$out/findings.json"; then
		echo "FAIL: the planted fault was not named: no $code finding" >&2
		exit 1
	fi
	echo "ok:   verify named the planted fault ($code)"
done
