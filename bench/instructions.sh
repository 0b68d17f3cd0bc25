#!/usr/bin/env bash
# instructions.sh - instructions executed (valgrind --tool=callgrind, which
# counts instructions, not seconds: the same binary and input give the same
# count whatever else the machine is doing) by the two hot paths, for two
# builds side by side: a refactor's "within noise" without the noise.
#
# usage: bench/instructions.sh OLD_BUILD NEW_BUILD [LINES]   (default 200000)
#
#   classify: m365route classify --format tsv < hosts (LINES, bench_gen -k hosts)
#   classify: the same with the mixed input (hosts, URLs, host:port, IPs)
#   usage:    m365route usage --threads 1 -f json on a Squid log of LINES
#             lines (bench_gen_log, deterministic)
# Each line: what, old instructions, new instructions, new/old. Prints, never
# fails on, the comparison.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
[ $# -ge 2 ] || { echo "usage: $0 OLD_BUILD NEW_BUILD [LINES]" >&2; exit 2; }
old=$(cd "$1" && pwd)
new=$(cd "$2" && pwd)
lines=${3:-200000}
command -v valgrind >/dev/null || { echo "instructions.sh: valgrind missing" >&2; exit 2; }
bench_tmpdir instr
export M365ROUTE_DATA_DIR=
"$new/bench/bench_gen" -n "$lines" -k hosts >"$tmp/hosts.txt"
"$new/bench/bench_gen" -n "$lines" -k mixed >"$tmp/mixed.txt"
"$new/bench/bench_gen_log" -n "$lines" >"$tmp/access.log"

count() { # count BUILD INPUT ARGS... -> total instructions
	local b=$1 in=$2
	shift 2
	valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" \
	    "$b/m365route" "$@" <"$in" >/dev/null 2>"$tmp/vg.err" || true
	awk '/^summary:/ {print $2}' "$tmp/cg.out"
}
printf '%-28s %16s %16s %8s\n' what old new new/old
row() {
	local what=$1 in=$2 a b
	shift 2
	a=$(count "$old" "$in" "$@")
	b=$(count "$new" "$in" "$@")
	printf '%-28s %16s %16s %8s\n' "$what" "$a" "$b" \
	    "$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.4f", b / a}')"
}
row "classify tsv hosts" "$tmp/hosts.txt" classify --format tsv
row "classify tsv mixed" "$tmp/mixed.txt" classify --format tsv
row "usage squid, 1 thread" /dev/null usage --threads 1 -f json "$tmp/access.log"
