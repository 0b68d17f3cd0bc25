#!/usr/bin/env bash
# A log split over many machines (docs/usage.md, "Many machines"), run
# here on one: the merged partials must give the bytes of one run.
# - GNU parallel, local job slots (--sshlogin 2/: , the documented command
#   line with --transferfile/--return, which are no-ops for ':'): one
#   `usage --emit-partial` per piece, then `usage merge` over the partials,
#   equals `usage` over the pieces (text and JSON, byte for byte);
# - the Hadoop Streaming contract: `cat log | usage --emit-partial - |
#   sort | usage merge` equals `usage - < log` (text and JSON); the pieces
#   through one mapper each, their lines sorted by key only (as Hadoop
#   does) or shuffled, into one reducer, equal it too, but for the list of
#   inputs (one "<stdin>" per mapper); concatenated partials merge alike;
# - a reducer fed a truncated partial or another design's refuses (exit 2).
# The log: bench_gen_log, 60,000 lines over 3 days, the humongous-insurance
# example's sites (4 pieces).
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/need.sh"
mr_start "$@"
mr_abs_paths
export M365ROUTE_DATA_DIR= # never a catalog stored on this machine
mr_need parallel "GNU parallel: the documented fan-out"
gen=$(dirname "$cli")/bench/bench_gen_log
if [ ! -x "$gen" ]; then
	echo "SKIP: $gen not built"
	exit 77
fi
mr_python
mr_tmpdir
ok() { pass=$((pass + 1)); }
ko() {
	echo "FAIL $1"
	fail=$((fail + 1))
}
# same NAME A B: files A and B hold the same bytes.
same() {
	if cmp -s "$2" "$3"; then
		ok
	else
		ko "$1: $2 and $3 differ"
		diff "$2" "$3" | head -6 | cut -c1-200
	fi
}
# nonempty NAME FILE: the report measured something.
nonempty() {
	if grep -q '60000 lines, 60000 requests' "$2"; then ok; else ko "$1: $2 is not a report of the whole log"; fi
}

cd "$tmp" || exit 2
"$gen" -n 60000 -d 3 >year.log 2>/dev/null || exit 2
split -n l/4 year.log part.
ex=(--example humongous-insurance)
u() { # usage [merge] with the example design
	if [ "${1:-}" = merge ]; then
		shift
		"$cli" usage merge --no-progress "${ex[@]}" "$@"
	else
		"$cli" usage --no-progress "${ex[@]}" "$@"
	fi
}

# -- GNU parallel, as the documentation writes it, on local slots
export cli
parallel --will-cite --sshlogin 2/: --transferfile {} --return {}.partial \
	--cleanup "\"\$cli\" usage --no-progress --example humongous-insurance \
	--emit-partial {}.partial {} >/dev/null" ::: part.a? 2>perr ||
	ko "parallel: rc $?"
for f in text json; do
	u -f $f part.a? >single.$f || ko "single $f: rc $?"
	u merge -f $f part.a?.partial >merged.$f || ko "merge $f: rc $?"
	same "parallel/$f" single.$f merged.$f
done
nonempty parallel merged.text

# -- Hadoop Streaming: one mapper over the whole log
for f in text json; do
	u -f $f - <year.log >whole.$f || ko "whole $f: rc $?"
	cat year.log | u --emit-partial - | LC_ALL=C sort |
		u merge -f $f >stream.$f || ko "stream $f: rc $?"
	same "streaming/$f" whole.$f stream.$f
done
nonempty streaming stream.text

# -- one mapper per piece, one reducer: by key only, shuffled, concatenated
for p in part.a?; do u --emit-partial - <"$p" >"$p.map" || ko "map $p"; done
tab=$(printf '\t')
cat part.a?.map | LC_ALL=C sort -s -t "$tab" -k1,1 | u merge -f json >bykey.json ||
	ko "by key: rc $?"
cat part.a?.map | shuf --random-source=year.log | u merge -f json >shuf.json ||
	ko "shuffled: rc $?"
u merge -f json part.a?.map >files.json || ko "files: rc $?"
cat part.a?.map | u merge -f json >cat.json || ko "concatenated: rc $?"
# Hadoop writes a key without a value as "key<TAB>"
cat part.a?.map | sed 's/^end$/end\t/' | LC_ALL=C sort | u merge -f json >tabend.json ||
	ko "end<TAB>: rc $?"
strip() { # the JSON report without its list of inputs
	"$py" -c 'import json,sys; d=json.load(open(sys.argv[1])); n=len(d.pop("inputs")); print(n); print(json.dumps(d,sort_keys=True))' "$1"
}
strip whole.json | tail -n 1 >whole.noinputs
for k in bykey shuf files cat tabend; do
	strip $k.json >$k.noinputs || ko "$k: not JSON"
	if [ "$(head -n 1 $k.noinputs)" = 4 ]; then ok; else ko "$k: $(head -n 1 $k.noinputs) inputs, not 4"; fi
	tail -n 1 $k.noinputs >$k.cmp
	same "pieces/$k" whole.noinputs $k.cmp
done

# -- what a reducer refuses
{ cat part.aa.map; grep -v -x end part.ab.map; } | LC_ALL=C sort >trunc.in
"$cli" usage merge "${ex[@]}" <trunc.in >/dev/null 2>err
rc=$?
if [ "$rc" = 2 ] && grep -q "truncated" err; then ok; else ko "truncated: rc $rc"; fi
cat part.a?.map | LC_ALL=C sort |
	"$cli" usage merge --example trey-research >/dev/null 2>err
rc=$?
if [ "$rc" = 2 ] && grep -q "other sites" err; then ok; else ko "other design: rc $rc"; fi

mr_finish
