#!/usr/bin/env bash
# test-parity.sh - `m365route classify` against Microsoft-style type-2 PAC
# files evaluated by pactester (pacparser), host by host.
#
# usage: bash test-parity.sh <path-to-m365route> <repo-root>
#
# For each worldwide snapshot in the repository and the type-2 PAC built from
# it in the style of Get-PacFile.ps1 (data/reference/README.md), a host corpus
# from tools/parity-corpus.py (exact names, filled-in wildcards, look-alikes
# and outsiders; deterministic) is classified by m365route and evaluated by
# pactester as http://<host>/. The type-2 PAC sends Optimize and Allow
# endpoints DIRECT, which in these snapshots are exactly the sets with
# expressRoute true, so parity means: route "expressroute" exactly where
# pactester says DIRECT; "internet" or "unknown" exactly where it says PROXY.
#
# Uses only files inside the repository. pactester is required (Debian
# package libpacparser1, pulled in by libpacparser-dev; scripts/install-deps
# installs it): without it the test is skipped, and fails under CI=true.
# Ends with "N passed, M failed" (N, M count hosts compared, plus setup
# checks); exit status 0 only when M is 0.
set -u
. "$(dirname "$0")/lib.sh"

mr_start "$@"

. "$root/tests/scripts/need.sh"
mr_need pactester "the reference PAC engine, Debian's libpacparser1"
mr_need python3 "tools/parity-corpus.py"
if [ ! -x "$cli" ]; then
	echo "FAIL: $cli is not an executable m365route" >&2
	fail=$((fail + 1))
	mr_finish
fi
mr_python
if ! command -v "$py" >/dev/null 2>&1; then
	echo "FAIL: python3 not found (needed by tools/parity-corpus.py)" >&2
	fail=$((fail + 1))
	mr_finish
fi

mr_tmpdir "${TMPDIR:-/tmp}/mr-parity.XXXXXX"

# Pairs: feed, type-2 PAC built from it.
snapshots=(
	"data/endpoints/worldwide-2025-11-14.json data/reference/ms-style-type2.pac"
	"data/endpoints/worldwide-2020092900.json data/reference/ms-style-type2-2020092900.pac"
)
feeds=()
for s in "${snapshots[@]}"; do
	feeds+=("$root/${s%% *}")
done

# pactester slows down as one process evaluates more URLs (pacparser 1.3.6);
# evaluate in chunks, two at a time, and put the answers back in order.
run_pactester() { # pac urls out
	local pac=$1 urls=$2 out=$3 d
	d=$(mktemp -d "$tmp/pt.XXXXXX") || return 1
	split -l 3000 -d -a 4 "$urls" "$d/chunk."
	# shellcheck disable=SC2016
	find "$d" -name 'chunk.*' -print0 | sort -z |
		xargs -0 -n 1 -P 2 sh -c 'pactester -p "$0" -f "$1" > "$1.out"' \
			"$pac" || return 1
	for c in "$d"/chunk.????; do
		cat "$c.out"
	done >"$out"
}

for s in "${snapshots[@]}"; do
	feed=${s%% *}
	pac=${s#* }
	name=$(basename "$feed" .json)
	hosts=$tmp/$name.hosts
	# The feed under test first; the other snapshots only add names.
	others=()
	for f in "${feeds[@]}"; do
		[ "$f" != "$root/$feed" ] && others+=("$f")
	done
	if ! "$py" "$root/tools/parity-corpus.py" "$root/$feed" "${others[@]}" \
		>"$hosts"; then
		echo "FAIL: $name: tools/parity-corpus.py failed" >&2
		fail=$((fail + 1))
		continue
	fi
	n=$(wc -l <"$hosts")

	"$cli" classify --catalog "$root/$feed" --format tsv <"$hosts" \
		>"$tmp/$name.tsv" 2>"$tmp/$name.err"
	rc=$?
	if [ "$rc" -ne 0 ]; then
		echo "FAIL: $name: m365route classify exited $rc:" >&2
		head -20 "$tmp/$name.err" >&2
		fail=$((fail + 1))
		[ "$rc" -ne 1 ] && continue
	fi
	sed 's|.*|http://&/|' "$hosts" >"$tmp/$name.urls"
	if ! run_pactester "$root/$pac" "$tmp/$name.urls" "$tmp/$name.pac"; then
		echo "FAIL: $name: pactester failed on $pac" >&2
		fail=$((fail + 1))
		continue
	fi

	# hosts | our tsv | pactester, line by line.
	if ! paste "$hosts" "$tmp/$name.tsv" "$tmp/$name.pac" | awk -F'\t' \
		-v name="$name" -v n="$n" -v out="$tmp/$name.res" '
	BEGIN { ok = bad = direct = er = 0 }
	{
		host = $1; tgt = $2; route = $3; by = $7; pac = $8
		sub(/^[^ ]* : /, "", pac)
		if (pac ~ /^DIRECT/) { want = "DIRECT"; direct++ }
		else if (pac ~ /^PROXY/) want = "PROXY"
		else want = "?" pac
		if (route == "expressroute") er++
		good = (tgt == host) &&
		    ((want == "DIRECT" && route == "expressroute") ||
		     (want == "PROXY" && (route == "internet" || route == "unknown")))
		if (good) ok++
		else {
			bad++
			if (bad <= 200)
				printf "  %-50s ours %-12s decided_by %-30s pactester %s\n",
				    host, (tgt == host ? route : "misaligned:" tgt),
				    by, want > "/dev/stderr"
		}
	}
	END {
		if (bad > 200)
			printf "  ... %d more disagreements not shown\n", bad - 200 > "/dev/stderr"
		if (NR != n) {
			printf "  %s: %d hosts but %d joined rows\n", name, n, NR > "/dev/stderr"
			bad += (n > NR ? n - NR : 1)
		}
		printf "%s: %d hosts, %d agree, %d disagree (pactester DIRECT %d, m365route expressroute %d)\n",
		    name, n, ok, bad, direct, er
		printf "%d %d\n", ok, bad > out
	}'; then
		echo "FAIL: $name: comparison failed" >&2
		fail=$((fail + 1))
		continue
	fi
	if [ "$(wc -l <"$tmp/$name.tsv")" -ne "$n" ] ||
		[ "$(wc -l <"$tmp/$name.pac")" -ne "$n" ]; then
		echo "FAIL: $name: line counts differ (hosts $n, tsv" \
			"$(wc -l <"$tmp/$name.tsv"), pactester" \
			"$(wc -l <"$tmp/$name.pac"))" >&2
		fail=$((fail + 1))
	fi
	read -r ok bad <"$tmp/$name.res"
	pass=$((pass + ok))
	fail=$((fail + bad))
done

mr_finish
