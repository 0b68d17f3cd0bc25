#!/usr/bin/env bash
# One golden CLI test: tests/golden/<suite>/NAME.cmd holds the arguments
# (one line, quoted as in a shell: '...', "..." and \ work, nothing is
# expanded), run from the repository root; NAME.stdin is the standard input
# if any; NAME.out, NAME.err and NAME.rc are the expectations.
# MR_UPDATE_GOLDEN=1 rewrites the expectations (review the diff before
# committing!). ctest runs one entry per case: golden/<suite>/<NAME>.
set -u
export M365ROUTE_DATA_DIR= # never a catalog stored on this machine
cli=$1
cmdf=$2
name=${cmdf%.cmd}
root=$(cd "$(dirname "$cmdf")/../../.." && pwd)
cd "$root" || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The arguments, split as a shell would but without eval: xargs's quoting.
args=()
while IFS= read -r -d '' a; do
	args+=("$a")
done < <(xargs -r -a "$cmdf" printf '%s\0')
stdin=/dev/null
[ -f "$name.stdin" ] && stdin=$name.stdin
NO_COLOR=1 "$cli" "${args[@]}" <"$stdin" >"$tmp/out" 2>"$tmp/err"
echo $? >"$tmp/rc"
if [ "${MR_UPDATE_GOLDEN:-0}" = 1 ]; then
	cp "$tmp/out" "$name.out"
	cp "$tmp/err" "$name.err"
	cp "$tmp/rc" "$name.rc"
	echo "updated $(basename "$name")"
	exit 0
fi
fail=0
for k in out err rc; do
	if ! diff -u "$name.$k" "$tmp/$k" >"$tmp/diff"; then
		echo "FAIL $(basename "$name") ($k):"
		head -40 "$tmp/diff"
		fail=$((fail + 1))
	fi
done
echo "$((3 - fail)) passed, $fail failed"
[ "$fail" -eq 0 ]
