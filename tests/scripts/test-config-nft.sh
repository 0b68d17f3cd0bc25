#!/usr/bin/env bash
# nftables accepts the generated ruleset of every router of every example
# and every test design (`nft -c -f FILE`: the kernel checks the
# transaction and commits nothing); designs with errors are refused as
# check refuses them (config-syntax.sh). nft -c talks to the kernel, so it
# runs inside a network namespace this test creates (and removes on
# exit): root only, skipped otherwise. Planted faults prove the check can
# fail: nft must reject a malformed address range and an unknown keyword.
set -u
. "$(dirname "$0")/lib.sh"
mr_start "$@"
mr_abs_paths
. "$root/tests/scripts/need.sh"
. "$root/tests/scripts/config-syntax.sh"
mr_need nft "nftables, whose nft -c checks the generated ruleset"
mr_need ip "iproute2, for the network namespace nft -c runs in"
if [ "$(id -u)" != 0 ]; then
	if [ "${CI:-}" = true ]; then
		echo "FAIL: not root (nft -c needs a network namespace)"
		echo "0 passed, 1 failed"
		exit 1
	fi
	echo "SKIP: not root (nft -c needs a network namespace of its own)"
	exit 77
fi
tmp=$(mktemp -d) || exit 2
ns=mrcfgnft-$$
trap 'ip netns del "$ns" 2>/dev/null; rm -rf "$tmp"' EXIT
ip netns add "$ns" || exit 2

nft_check() {
	timeout 60 ip netns exec "$ns" nft -c -f "$1"
}

cfg_generate nftables
cfg_check nft "nft -c" nft_check

src=$tmp/gen/trey-research/er-seattle.nft
cfg_reject "a malformed address range" "$src" \
	'snat ip to 185.112.87.0-' 'snat ip to 185.112.87.0--' nft_check
cfg_reject "an unknown keyword" "$src" \
	'policy accept;' 'policy acept;' nft_check
mr_finish
