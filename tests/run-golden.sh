#!/usr/bin/env bash
# Golden CLI tests for one suite: tests/golden/<suite>/NAME.cmd holds the
# arguments (one shell line, run from the repository root), NAME.stdin the
# standard input if any; NAME.out, NAME.err and NAME.rc the expectations.
# MR_UPDATE_GOLDEN=1 rewrites the expectations (review the diff before
# committing!).
set -u
export M365ROUTE_DATA_DIR= # never a catalog stored on this machine
cli=$1
dir=$2
root=$(cd "$dir/../../.." && pwd)
cd "$root" || exit 2
fail=0 n=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for cmdf in "$dir"/*.cmd; do
	name=${cmdf%.cmd}
	base=$(basename "$name")
	n=$((n + 1))
	args=$(cat "$cmdf")
	stdin=/dev/null
	[ -f "$name.stdin" ] && stdin=$name.stdin
	eval "set -- $args"
	NO_COLOR=1 "$cli" "$@" <"$stdin" >"$tmp/out" 2>"$tmp/err"
	echo $? >"$tmp/rc"
	if [ "${MR_UPDATE_GOLDEN:-0}" = 1 ]; then
		cp "$tmp/out" "$name.out"
		cp "$tmp/err" "$name.err"
		cp "$tmp/rc" "$name.rc"
		continue
	fi
	for k in out err rc; do
		if ! diff -u "$name.$k" "$tmp/$k" >"$tmp/diff"; then
			echo "FAIL $base ($k):"
			head -40 "$tmp/diff"
			fail=$((fail + 1))
		fi
	done
done
[ "$n" -gt 0 ] || { echo "no cases in $dir"; exit 1; }
echo "$((n * 3 - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
