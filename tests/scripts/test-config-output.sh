#!/usr/bin/env bash
# m365route config never leaves a partial or half-replaced file: -o FILE
# is written to a temporary name and renamed, -o DIR replaced whole
# (outdir.c), and every refusal -- a router the design does not have, a
# design with errors, a format that cannot express the design, a hostile
# name -- leaves what was there untouched and no temporary behind.
set -u
. "$(dirname "$0")/lib.sh"
mr_start "$@"
mr_abs_paths
mr_tmpdir
cd "$tmp" || exit 2

ok() { pass=$((pass + 1)); }
bad() {
	echo "FAIL: $*"
	fail=$((fail + 1))
}
check() {
	local what=$1
	shift
	if "$@"; then ok; else bad "$what"; fi
}
no_temps() { [ -z "$(find . -name '*.tmp.*' -o -name '*.old.*')" ]; }

nat=$root/tests/golden/check/prefix-not-owned-clean.yaml
broken=$root/tests/golden/check/broken-everything.yaml
hostile=$root/tests/golden/config/hostile-names.yaml

# A file replaced: the new configuration, whole.
echo old >F
"$cli" config --example trey-research --router er-seattle -o F 2>err
check "config -o F exits 0" [ $? -eq 0 ]
check "F replaced by the configuration" grep -q '^router bgp 64620$' F
check "F ends with the FRR end" [ "$(tail -n 1 F)" = end ]
check "no temporary left" no_temps

# Every refusal leaves F exactly as it was.
echo keep >F
refuse() { # refuse WHAT WANT-RC ARGS...
	local what=$1 want=$2
	shift 2
	"$cli" config "$@" >out 2>err
	local rc=$?
	check "$what: exit $want (got $rc)" [ "$rc" -eq "$want" ]
	check "$what: F untouched" [ "$(cat F)" = keep ]
	check "$what: nothing on stdout" [ ! -s out ]
	check "$what: said why" [ -s err ]
	check "$what: no temporary left" no_temps
}
refuse "an unknown router" 2 --example trey-research --router nope -o F
refuse "a design with errors" 1 "$broken" --router er-1 -o F
refuse "an inexpressible format" 2 "$nat" --router er-1 --format nftables -o F
check "... which names the format and the circuit" \
	grep -q 'nftables cannot express the NAT pool of circuit er-1' err
refuse "hostile names" 1 "$hostile" --router inet-1 --format junos -o F
check "... refused as MR0210" grep -q 'MR0210' err

# A directory: refused runs create nothing.
for d in D1 D2 D3; do
	case $d in
	D1) "$cli" config "$broken" -o "$d" >/dev/null 2>&1 ;;
	D2) "$cli" config "$nat" --format nftables -o "$d" >/dev/null 2>&1 ;;
	D3) "$cli" config "$hostile" --format ios-xe -o "$d" >/dev/null 2>&1 ;;
	esac
	check "$d: a refused run writes no directory" [ ! -e "$d" ]
done
check "no temporary directory left" no_temps
# A directory written, then replaced whole by another format.
"$cli" config --example humongous-insurance -o R >/dev/null 2>&1
check "config -o R exits 0" [ $? -eq 0 ]
check "R holds 7 FRR files" [ "$(ls R/*.frr.conf | wc -l)" -eq 7 ]
"$cli" config --example humongous-insurance --format junos -o R >/dev/null 2>&1
check "R replaced by the Junos files only" \
	[ "$(ls R | grep -c '\.junos\.conf$')" -eq 7 -a \
	"$(ls R | grep -vc '\.junos\.conf$')" -eq 0 ]
# ... but never a directory holding a file of the user's.
echo mine >R/notes.txt
"$cli" config --example humongous-insurance -o R >/dev/null 2>err
check "a directory with a user's file is refused (exit 2)" [ $? -eq 2 ]
check "... the file kept" [ "$(cat R/notes.txt)" = mine ]
check "no temporary left at the end" no_temps
mr_finish
