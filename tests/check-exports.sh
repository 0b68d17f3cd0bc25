#!/usr/bin/env bash
# The shared library must export only mr_* functions and data.
set -eu
lib=$1
bad=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRV]$/ {print $3}' | grep -v '^mr_' || true)
n=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRV]$/' | grep -c ' mr_' || true)
if [ -n "$bad" ]; then
	echo "exported symbols without the mr_ prefix:" >&2
	echo "$bad" >&2
	exit 1
fi
if [ "$n" -lt 10 ]; then
	echo "only $n mr_ symbols exported: visibility broken?" >&2
	exit 1
fi
echo "$n mr_* symbols exported, no others"
