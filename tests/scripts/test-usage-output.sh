#!/usr/bin/env bash
# m365route usage: -o/--output names a file, never a format. "-o json" is a
# file named json holding the text report (until the option tables, a
# value of text, json or csv picked the format instead); -f picks the
# format. Run in a temporary directory, so the files land there.
set -u
. "$(dirname "$0")/lib.sh"
mr_start "$@"
mr_abs_paths
export M365ROUTE_DATA_DIR= # never a catalog stored on this machine
mr_tmpdir
cd "$tmp" || exit 2
log=$root/tests/golden/usage/data/clean.log
check() { # name condition...
	local name=$1
	shift
	if "$@"; then pass=$((pass + 1)); else
		echo "FAIL $name"
		fail=$((fail + 1))
	fi
}

"$cli" usage --no-progress "$log" >text.ref 2>/dev/null
"$cli" usage --no-progress -f csv "$log" >csv.ref 2>/dev/null
"$cli" usage --no-progress -o json "$log" >stdout 2>/dev/null
check "-o json exits 0" [ $? -eq 0 ]
check "-o json writes nothing on stdout" [ ! -s stdout ]
check "-o json is a file holding the text report" cmp -s json text.ref
"$cli" usage --no-progress --output=csv -f csv "$log" >stdout 2>/dev/null
check "--output=csv -f csv is a file holding CSV" cmp -s csv csv.ref
check "--output=csv writes nothing on stdout" [ ! -s stdout ]
mr_finish
