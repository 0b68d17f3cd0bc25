#!/usr/bin/env bash
# test-chromium-report.sh - plan's report.html in a real browser (issue
# 14): headless Chromium (Debian's chromium) with networking disabled loads
# each example's report; tests/browser/report-cdp.py drives it over the
# DevTools protocol on a pipe (no port) and fails on any console error,
# exception or error log entry (a Content-Security-Policy violation is
# one), on any network request but the page's own file, or when the
# rendered DOM lacks the verdict of summary.txt or a finding code of
# findings.json. It takes a screenshot and prints the page to PDF.
#
# usage: bash test-chromium-report.sh <path-to-m365route> <repo-root>
#
# The screenshots and PDFs are kept as test artefacts in
# <build dir>/test-artefacts/report-<example>.{png,pdf}.
# MR_UPDATE_SCREENSHOT=1 also copies humongous-insurance's screenshot to
# docs/report.png (the README's picture).
#
# As test-chromium-pac.sh: Chromium is required, the test is skipped (exit
# 77) without it and FAILS under CI=true; each Chromium has a fresh
# profile and a time limit. Ends with "N passed, M failed"; exit status 0
# only when M is 0.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/chromium.sh"

mr_start "$@"
mr_abs_paths
mr_chromium_need
mr_python
mr_tmpdir "${TMPDIR:-/tmp}/mr-chromium-report.XXXXXX"
export M365ROUTE_DATA_DIR=
export SOURCE_DATE_EPOCH=1767225600
art=$(dirname "$cli")/test-artefacts
mkdir -p "$art" || exit 2

for ex in trey-research humongous-insurance; do
	if ! "$cli" plan --example "$ex" -o "$tmp/$ex" >"$tmp/$ex.out" 2>&1 &&
		[ ! -s "$tmp/$ex/report.html" ]; then
		fail=$((fail + 1))
		echo "FAIL $ex: plan wrote no report: $(head -3 "$tmp/$ex.out")"
		continue
	fi
	verdict=$(sed -n 's/^verdict: *//p' "$tmp/$ex/summary.txt")
	codes=$(grep -o '"code": *"[^"]*"' "$tmp/$ex/findings.json" |
		sed 's/.*"\([^"]*\)"$/\1/' | sort -u)
	# shellcheck disable=SC2086 # one argument per code
	timeout -k 5 120 "$py" "$root/tests/browser/report-cdp.py" "$chrome" \
		"$tmp/$ex/report.html" "$art/report-$ex" "$verdict" $codes \
		>"$tmp/$ex.cdp" 2>&1
	rc=$?
	sed "s/^\(ok  \|FAIL\) /\1 $ex: /" "$tmp/$ex.cdp"
	p=$(grep -c '^ok ' "$tmp/$ex.cdp")
	f=$(grep -c '^FAIL ' "$tmp/$ex.cdp")
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		fail=$((fail + 1))
		echo "FAIL $ex: the browser driver exited with status $rc"
		tail -3 "$tmp/$ex.cdp"
	fi
done
if [ "${MR_UPDATE_SCREENSHOT:-0}" = 1 ] &&
	[ -s "$art/report-humongous-insurance.png" ]; then
	cp "$art/report-humongous-insurance.png" "$root/docs/report.png"
	echo "updated docs/report.png"
fi
mr_finish
