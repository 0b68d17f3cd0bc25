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
# (scripts/install-deps). A missing tool fails the test. MR_PAC_ENGINES and
# MR_PAC_JOBS (default 2 parallel evaluations) tune it.
set -u
if [ $# -ne 2 ]; then
	echo "usage: $0 <path-to-m365route> <repo-root>" >&2
	exit 2
fi
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
exec "$py" "$2/tests/pac/parity.py" "$1" "$2"
