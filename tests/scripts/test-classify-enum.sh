#!/usr/bin/env bash
# `m365route classify` in text and JSON lists every rule a host or address
# matches: through the host index (mr_match_host_explain(), the default)
# and the longest match's cover list (mr_match_addr_all()), and through the
# linear enumerations they replaced (mr_match_host_all_scan(),
# mr_match_addr_all_scan(), selected by M365ROUTE_CLASSIFY_SCAN=1) the
# output must be the same bytes, on the
# benchmark corpora of bench/cli.sh: 1 M hostnames and 1 M mixed lines
# (hosts, URLs, host:port, IPv4/IPv6) from bench_gen, with the embedded
# worldwide catalog, and for the 2020-09-29 feed on the hosts. TSV as well
# (it never lists every match; a guard against the switch leaking into it).
# MR_ENUM_LINES=N uses N lines instead of 1 M.
set -u
. "$(dirname "$0")/lib.sh"
mr_start "$@"
mr_abs_paths
export M365ROUTE_DATA_DIR= # never a catalog stored on this machine
unset M365ROUTE_CLASSIFY_SCAN
gen=$(dirname "$cli")/bench/bench_gen
if [ ! -x "$gen" ]; then
	echo "SKIP: $gen not built"
	exit 77
fi
lines=${MR_ENUM_LINES:-1000000}
mr_tmpdir
ok() { pass=$((pass + 1)); }
ko() {
	echo "FAIL $1"
	fail=$((fail + 1))
}

"$gen" -n "$lines" -k hosts >"$tmp/hosts.txt" || exit 2
"$gen" -n "$lines" -k mixed >"$tmp/mixed.txt" || exit 2
feed2020=$root/data/endpoints/worldwide-2020092900.json

# same NAME FORMAT INPUT [ARGS...]: index and scan give the same bytes and
# exit status, and the output has one record a line of input at least.
same() {
	local name=$1 fmt=$2 in=$3 rc1 rc2
	shift 3
	"$cli" classify --format "$fmt" "$@" <"$in" >"$tmp/idx" 2>"$tmp/idx.err"
	rc1=$?
	M365ROUTE_CLASSIFY_SCAN=1 "$cli" classify --format "$fmt" "$@" \
		<"$in" >"$tmp/scan" 2>"$tmp/scan.err"
	rc2=$?
	if [ "$rc1" != 0 ] || [ "$rc2" != 0 ]; then
		ko "$name: exit $rc1 (index), $rc2 (scan)"
		sed 's/^/  /' "$tmp/idx.err" | head -3
	elif ! cmp -s "$tmp/idx" "$tmp/scan"; then
		ko "$name: outputs differ"
		cmp "$tmp/idx" "$tmp/scan" | head -1
		diff "$tmp/idx" "$tmp/scan" | head -6 | cut -c1-300
	elif [ "$(grep -c . "$tmp/idx")" -lt "$lines" ]; then
		ko "$name: fewer output lines than targets"
	elif [ "$fmt" = json ] &&
		[ "$(grep -c '"matched":\[{' "$tmp/idx")" -lt $((lines / 4)) ]; then
		# the comparison means something only if matches are listed
		ko "$name: under a quarter of the targets list a match"
	else
		ok
	fi
}

for k in hosts mixed; do
	for f in json text tsv; do
		same "$k/$f" "$f" "$tmp/$k.txt"
	done
done
same "hosts/json/2020" json "$tmp/hosts.txt" -c "$feed2020"
same "hosts/text/2020" text "$tmp/hosts.txt" -c "$feed2020"

mr_finish
