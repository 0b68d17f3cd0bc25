#!/usr/bin/env bash
# test-pac-parity.sh - `m365route pac` decides like Microsoft's reference
# PAC files (types 1 and 2, both worldwide snapshots) and like
# `m365route classify` (--type expressroute, every instance), in three real
# PAC engines: pacparser (SpiderMonkey 1.7), Duktape 2.7 and Node's V8.
# The work is done by tests/pac/parity.py (see its header); this wrapper
# is what ctest runs.
#
# usage: bash test-pac-parity.sh <path-to-m365route> <repo-root>
#
# Needs: python3, a C compiler, libpacparser-dev, duktape-dev, node
# (scripts/install-deps). A missing tool skips the test (exit 77), and
# fails it under CI=true. MR_PAC_ENGINES and MR_PAC_JOBS (default 2
# parallel evaluations) tune it.
set -u
. "$(dirname "$0")/lib.sh"
mr_start "$@"
. "$root/tests/scripts/need.sh"
mr_need python3 "runs tests/pac/parity.py"
mr_need pactester "pacparser, one of the three engines"
mr_need node "Node's V8, one of the three engines"
mr_python
exec "$py" "$root/tests/pac/parity.py" "$cli" "$root"
