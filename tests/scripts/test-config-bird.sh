#!/usr/bin/env bash
# BIRD 2 accepts the generated bird.conf of every router of every example
# and every test design (`bird -p -c FILE`: parse only, no daemon runs);
# designs with errors are refused as check refuses them
# (config-syntax.sh). Planted faults prove the check can fail: bird must
# reject a statement left unterminated and a filter that does not exist.
set -u
. "$(dirname "$0")/lib.sh"
mr_start "$@"
mr_abs_paths
mr_tmpdir
. "$root/tests/scripts/need.sh"
. "$root/tests/scripts/config-syntax.sh"
mr_need bird "BIRD 2, the parser that checks the generated bird.conf"

cfg_generate bird
cfg_check bird.conf "bird -p" bird -p -c

src=$tmp/gen/trey-research/er-seattle.bird.conf
cfg_reject "an unterminated statement" "$src" \
	'^\(\tlocal .* as [0-9]*\);$' '\1' bird -p -c
cfg_reject "an undefined filter" "$src" \
	'import filter m365_in4;' 'import filter m365_nowhere;' bird -p -c
mr_finish
