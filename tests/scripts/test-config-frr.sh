#!/usr/bin/env bash
# FRR accepts the generated frr.conf of every router of every example and
# every test design (`vtysh --dryrun -f FILE`: every line through the
# daemons' command parser, nothing applied); designs with errors are
# refused as check refuses them (config-syntax.sh). Planted faults prove
# the check can fail: vtysh must reject a misspelt keyword and a
# neighbour command with a missing argument.
set -u
. "$(dirname "$0")/lib.sh"
mr_start "$@"
mr_abs_paths
mr_tmpdir
. "$root/tests/scripts/need.sh"
. "$root/tests/scripts/config-syntax.sh"
mr_need vtysh "FRR's shell, whose --dryrun parses the generated frr.conf"

# vtysh --dryrun exits 0 for a file it parsed whole, non-zero (2) with
# "% Unknown command" / "% Command incomplete" for any line it could not.
frr_check() {
	timeout 60 vtysh --dryrun -f "$1"
}

cfg_generate frr
cfg_check frr.conf "vtysh --dryrun" frr_check

src=$tmp/gen/trey-research/er-seattle.frr.conf
cfg_reject "a misspelt keyword" "$src" \
	'permit 12076:5010' 'permitt 12076:5010' frr_check
cfg_reject "an incomplete neighbour command" "$src" \
	'route-map M365-IN in$' 'route-map M365-IN' frr_check
mr_finish
