#!/usr/bin/env bash
# Bad input that golden files cannot hold: big garbage, a directory, a
# feed on stdin, output to an unwritable place, a long line in bulk mode.
# Each case: the exit status, stdout, and a short clear message on stderr.
set -u
. "$(dirname "$0")/lib.sh"
mr_start "$@"
mr_tmpdir

check() { # name want_rc want_stdout_lines stderr_regex|EMPTY -- cmd...
	local name=$1 want=$2 lines=$3 re=$4
	shift 5
	"$@" >"$tmp/out" 2>"$tmp/err"
	local rc=$? n
	n=$(wc -l <"$tmp/out")
	local errok=1
	if [ "$re" = EMPTY ]; then
		[ -s "$tmp/err" ] && errok=0
	else
		grep -Eq "$re" "$tmp/err" || errok=0
	fi
	if [ "$rc" != "$want" ] || [ "$n" != "$lines" ] || [ "$errok" = 0 ]; then
		echo "FAIL $name: rc=$rc (want $want), stdout lines=$n (want $lines)"
		head -5 "$tmp/err"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
}

# 100 MB of random bytes: one JSON error (or a size refusal), exit 2.
head -c 100000000 /dev/urandom >"$tmp/garbage.json"
check garbage-100MB 2 0 'error' -- "$cli" classify -c "$tmp/garbage.json" x.example.com
[ "$(wc -l <"$tmp/err")" -le 6 ] || { echo "FAIL garbage: too many lines on stderr"; fail=$((fail + 1)); }

# 100 MB of a valid-looking but endless array of numbers.
{ printf '['; yes '1,' | head -c 100000000; printf '1]'; } >"$tmp/big.json"
check big-array 2 0 'error' -- "$cli" classify -c "$tmp/big.json" x.example.com

# Small, but more JSON values than any real feed: refused before jansson
# builds a tree for it.
{ printf '['; yes '0,' | head -c 4200000 | tr -d '\n'; printf '0]'; } >"$tmp/count.json"
check value-count 2 0 'MR0116' -- "$cli" classify -c "$tmp/count.json" x.example.com

# A directory where a file should be.
check directory 2 0 "error: .*$tmp" -- "$cli" catalog -c "$tmp"

# The feed on stdin works.
check feed-stdin 0 1 EMPTY -- bash -c "'$cli' classify -f tsv -c - outlook.office365.com <'$root/data/endpoints/worldwide-2025-11-14.json'"

# /dev/null as a feed: empty input.
check dev-null 2 0 'MR0101' -- "$cli" catalog -c /dev/null

# Output into a directory that does not exist: exit 2, nothing written.
check bad-output 2 0 'cannot write' -- "$cli" catalog -o "$tmp/no/such/dir/out.txt"

# -o writes atomically: the file appears whole, no temp file is left.
check output-file 0 0 EMPTY -- "$cli" classify -f tsv -o "$tmp/o.tsv" outlook.office365.com www.example.com
if [ "$(wc -l <"$tmp/o.tsv")" != 2 ] || ls "$tmp" | grep -q '\.tmp\.'; then
	echo "FAIL output-file: content or temp file"; fail=$((fail + 1))
else pass=$((pass + 1)); fi

# A 3 MB line in bulk mode is one invalid target (an "invalid" row); the
# next line still runs (tests/scripts/test-classify-long-lines.sh: more).
{ head -c 3000000 /dev/zero | tr '\0' a; printf '\noutlook.office365.com\n'; } >"$tmp/long.txt"
check long-line 1 2 '^<stdin>:1: error: .*line longer than 1 MiB' -- bash -c "'$cli' classify -f tsv <'$tmp/long.txt'"
grep -q '^outlook.office365.com	expressroute' "$tmp/out" && pass=$((pass + 1)) || { echo "FAIL long-line: next line lost"; fail=$((fail + 1)); }

# NUL bytes and binary junk as targets: reported, never echoed raw.
printf 'outlook.office365.com\n\001\002\377\nwww.example.com\n' >"$tmp/bin.txt"
check binary-targets 1 3 'x01' -- bash -c "'$cli' classify -f tsv <'$tmp/bin.txt'"

# A bad SOURCE_DATE_EPOCH is refused the same way by pac and plan, and
# plan then writes no directory at all.
check pac-bad-epoch 2 0 'SOURCE_DATE_EPOCH' -- env SOURCE_DATE_EPOCH=yesterday "$cli" pac
check plan-bad-epoch 2 0 'SOURCE_DATE_EPOCH' -- env SOURCE_DATE_EPOCH=12x "$cli" plan -o "$tmp/plan-epoch"
if [ -e "$tmp/plan-epoch" ] || ls "$tmp" | grep -q 'plan-epoch.tmp'; then
	echo "FAIL plan-bad-epoch: a plan directory was left behind"; fail=$((fail + 1))
else pass=$((pass + 1)); fi

# Designs that cannot be read at all: exit 2 with one clear message.
head -c 50000000 /dev/zero | tr '\0' '#' >"$tmp/big.yaml"
check design-50MB 2 0 'error' -- "$cli" check "$tmp/big.yaml"
{ printf 'a: &a [x, x, x, x, x, x, x, x, x, x]\n'; for i in $(seq 1 20); do printf 'b%d: &b%d [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n' $i $i \
	$( [ $i = 1 ] && echo a || echo b$((i - 1))) $( [ $i = 1 ] && echo a || echo b$((i - 1))) $( [ $i = 1 ] && echo a || echo b$((i - 1))) \
	$( [ $i = 1 ] && echo a || echo b$((i - 1))) $( [ $i = 1 ] && echo a || echo b$((i - 1))) $( [ $i = 1 ] && echo a || echo b$((i - 1))) \
	$( [ $i = 1 ] && echo a || echo b$((i - 1))) $( [ $i = 1 ] && echo a || echo b$((i - 1))) $( [ $i = 1 ] && echo a || echo b$((i - 1))) \
	$( [ $i = 1 ] && echo a || echo b$((i - 1))); done; printf 'sites: *b20\n'; } >"$tmp/bomb.yaml"
# A billion-laughs bomb under 'sites': never expanded; the walker stops at
# the first item that is not a site (exit 1, errors in the design). The
# loader's alias budget itself is tested in test_design.c.
check design-alias-bomb 1 0 'MR0209' -- "$cli" check "$tmp/bomb.yaml"
{ for i in $(seq 1 5000); do printf '['; done; } >"$tmp/deep.yaml"
check design-deep 2 0 'MR02' -- "$cli" check "$tmp/deep.yaml"
printf 'organization: {name: "caf\xe9"}\nsites: []\n' >"$tmp/latin1.yaml"
check design-not-utf8 2 0 'MR02' -- "$cli" check "$tmp/latin1.yaml"
check design-directory 2 0 'error' -- "$cli" check "$tmp"
check design-missing 2 0 'error' -- "$cli" check "$tmp/no-such.yaml"

mr_finish
