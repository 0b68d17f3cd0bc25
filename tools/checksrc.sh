#!/usr/bin/env bash
# checksrc: functions banned in this code base (curl's checksrc, in small):
# unbounded copies and parses. Use snprintf/memcpy and strict parsers.
# String literals and comment lines are not searched.
set -u
root=${1:-$(dirname "$0")/..}
cd "$root" || exit 2
banned='(^|[^A-Za-z0-9_])(strcpy|strcat|sprintf|vsprintf|gets|atoi|atol|atoll|strtok)[[:space:]]*\('
files=$(git ls-files 'src/*.c' 'src/*.h' 'include/*.h' 'tests/*.c' 'fuzz/*.c' 'bench/*.c' 2>/dev/null ||
	find src include tests fuzz bench -name '*.[ch]')
hits=""
for f in $files; do
	[ -f "$f" ] || continue
	h=$(sed -E 's/"([^"\\]|\\.)*"/""/g' "$f" | grep -nE "$banned" | grep -vE '^[0-9]+:\s*(/\*|\*)' || true)
	[ -n "$h" ] && hits="$hits$(echo "$h" | sed "s|^|$f:|")"$'\n'
done
if [ -n "$hits" ]; then
	echo "banned functions:"
	printf '%s' "$hits"
	echo "0 passed, 1 failed"
	exit 1
fi
echo "1 passed, 0 failed"
