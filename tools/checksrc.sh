#!/usr/bin/env bash
# checksrc: functions banned in this code base (curl's checksrc, in small):
# unbounded copies and parses. Use snprintf/memcpy and strict parsers.
set -u
root=${1:-$(dirname "$0")/..}
cd "$root" || exit 2
banned='\b(strcpy|strcat|sprintf|vsprintf|gets|atoi|atol|atoll|strtok)[[:space:]]*\('
hits=$(grep -nE "$banned" $(git ls-files 'src/*.c' 'src/*.h' 'include/*.h' 'tests/*.c' 'fuzz/*.c' 'bench/*.c' 2>/dev/null || find src include tests fuzz bench -name '*.[ch]') | grep -vE '^\S+:[0-9]+:\s*(/\*|\*)' || true)
if [ -n "$hits" ]; then
	echo "banned functions:"
	echo "$hits"
	echo "0 passed, 1 failed"
	exit 1
fi
echo "1 passed, 0 failed"
