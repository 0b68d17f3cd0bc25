#!/usr/bin/env bash
# test-report.sh - plan's report.html and check --format html: structure,
# self-containment, determinism and escaping (issue 14).
#
# usage: bash test-report.sh <path-to-m365route> <repo-root>
#
# - For each example, plan writes report.html; its outline (report-
#   outline.py: headings, tables and their row counts, SVG element counts,
#   finding codes; not coordinates or pixels) must equal
#   tests/report/<example>.outline. MR_UPDATE_GOLDEN=1 rewrites them
#   (review the diff). The outline script also fails a page that is not
#   well-formed, has a script, an event handler, a link or url() leaving
#   the page, or a fragment link to an id that is not there.
# - The same inputs and SOURCE_DATE_EPOCH give byte-identical pages; a
#   different SOURCE_DATE_EPOCH changes only the time written.
# - A design whose strings hold markup (organisation name, city, ISP) and
#   whose file name holds markup gives a page with no element of theirs.
# - check --format html writes the same page without the simulation, with
#   every finding code check reports.
# - simulate --format dot is read by Graphviz's dot (when installed).
# Ends with "N passed, M failed"; exit status 0 only when M is 0.
set -u
. "$(dirname "$0")/lib.sh"

mr_start "$@"
mr_abs_paths
mr_python
mr_tmpdir "${TMPDIR:-/tmp}/mr-report.XXXXXX"
export M365ROUTE_DATA_DIR=
export SOURCE_DATE_EPOCH=1767225600 # 2026-01-01T00:00:00Z
outline="$py $root/tests/browser/report-outline.py"

ok() {
	pass=$((pass + 1))
	echo "ok   $*"
}
bad() {
	fail=$((fail + 1))
	echo "FAIL $*"
}

for ex in trey-research humongous-insurance; do
	if ! "$cli" plan --example "$ex" -o "$tmp/$ex" >"$tmp/$ex.out" 2>&1 ||
		[ ! -s "$tmp/$ex/report.html" ]; then
		[ -s "$tmp/$ex/report.html" ] || {
			bad "$ex: plan wrote no report.html: $(head -3 "$tmp/$ex.out")"
			continue
		}
	fi
	if ! $outline "$tmp/$ex/report.html" >"$tmp/$ex.outline" 2>"$tmp/$ex.err"; then
		bad "$ex: the page is not self-contained or well-formed:" \
			"$(head -5 "$tmp/$ex.err")"
		continue
	fi
	want=$root/tests/report/$ex.outline
	if [ "${MR_UPDATE_GOLDEN:-0}" = 1 ]; then
		cp "$tmp/$ex.outline" "$want"
		ok "$ex: outline updated"
	elif diff -u "$want" "$tmp/$ex.outline" >"$tmp/diff"; then
		ok "$ex: outline as tests/report/$ex.outline"
	else
		bad "$ex: outline differs:"
		head -40 "$tmp/diff"
	fi
	# every finding code of findings.json is on the page
	codes=$(grep -o '"code": *"[^"]*"' "$tmp/$ex/findings.json" |
		sed 's/.*"\([^"]*\)"$/\1/' | sort -u)
	missing=""
	for c in $codes; do
		grep -q "<code class=\"code\">$c</code>" "$tmp/$ex/report.html" ||
			missing="$missing $c"
	done
	if [ -n "$codes" ] && [ -z "$missing" ]; then
		ok "$ex: every finding code is on the page ($(echo $codes))"
	else
		bad "$ex: finding codes missing from the page:${missing:- (none found)}"
	fi
	verdict=$(sed -n 's/^verdict: *//p' "$tmp/$ex/summary.txt")
	if grep -q "<strong>Verdict: $verdict</strong>" "$tmp/$ex/report.html"; then
		ok "$ex: the page's verdict is summary.txt's ($verdict)"
	else
		bad "$ex: the page's verdict is not summary.txt's ($verdict)"
	fi
done

# Determinism.
"$cli" plan --example humongous-insurance -o "$tmp/again" >/dev/null 2>&1
if cmp -s "$tmp/humongous-insurance/report.html" "$tmp/again/report.html"; then
	ok "the same inputs give a byte-identical report"
else
	bad "two runs on the same inputs differ"
fi
SOURCE_DATE_EPOCH=1767312000 "$cli" plan --example humongous-insurance \
	-o "$tmp/later" >/dev/null 2>&1
if diff "$tmp/humongous-insurance/report.html" "$tmp/later/report.html" |
	grep '^[<>]' | grep -v '2026-01-0[12]T00:00:00Z' | grep -q .; then
	bad "another SOURCE_DATE_EPOCH changes more than the time"
elif grep -q '2026-01-02T00:00:00Z' "$tmp/later/report.html"; then
	ok "SOURCE_DATE_EPOCH is the time written, and all that changes"
else
	bad "SOURCE_DATE_EPOCH is not the time written"
fi

# Hostile strings, in the design and in its file name.
hostile="$tmp/x<b>&\"'.yaml"
sed -e 's/name: Trey Research/name: "Trey <script>alert(1)<\/script> \\"R\&D\\" '"'"'x'"'"'"/' \
	-e 's/city: Seattle/city: "<img src=x onerror=alert(2)>"/' \
	-e 's/isp: Northwind Telecom/isp: "<\/text><svg onload=alert(3)>"/' \
	"$root/data/examples/trey-research.yaml" >"$hostile"
"$cli" plan "$hostile" -o "$tmp/hostile" >/dev/null 2>&1
page=$tmp/hostile/report.html
if [ ! -s "$page" ]; then
	bad "hostile design: no report"
elif ! $outline "$page" >/dev/null 2>"$tmp/h.err"; then
	bad "hostile design: markup got through: $(head -3 "$tmp/h.err")"
elif grep -q '<script\|<img\|<svg onload\|x<b>' "$page"; then
	bad "hostile design: an element of the design is on the page"
elif ! grep -q '&lt;script&gt;alert(1)&lt;/script&gt; &quot;R&amp;D&quot; &#39;x&#39;' "$page" ||
	! grep -q 'x&lt;b&gt;&amp;&quot;&#39;.yaml' "$page"; then
	bad "hostile design: its strings are not shown as text"
else
	ok "hostile design and file name: shown as text, no markup"
fi

# check --format html.
"$cli" check --example humongous-insurance -f html -o "$tmp/check.html" \
	>/dev/null 2>&1
"$cli" check --example humongous-insurance -f json 2>/dev/null |
	grep -o '"code": *"[^"]*"' | sed 's/.*"\([^"]*\)"$/\1/' | sort -u \
		>"$tmp/check.codes"
if [ ! -s "$tmp/check.html" ]; then
	bad "check --format html wrote nothing"
elif ! $outline "$tmp/check.html" >"$tmp/check.outline" 2>"$tmp/c.err"; then
	bad "check --format html: $(head -3 "$tmp/c.err")"
elif grep -q '^h2: Flows' "$tmp/check.outline" ||
	! grep -q '^h2: Topology' "$tmp/check.outline"; then
	bad "check --format html: not the report without the simulation"
else
	m=""
	while read -r c; do
		grep -q "finding codes:.* $c\( \|$\)" "$tmp/check.outline" ||
			m="$m $c"
	done <"$tmp/check.codes"
	if [ -z "$m" ] && [ -s "$tmp/check.codes" ]; then
		ok "check --format html: the report's pieces, every finding code"
	else
		bad "check --format html: codes missing:${m:- (none)}"
	fi
fi

# plan --usage: the measured series charted; a file that is not usage's
# JSON is refused before anything is written.
"$cli" usage --example trey-research --series -f json \
	-o "$tmp/usage.json" "$root/tests/golden/usage/data/squid.log" \
	>/dev/null 2>&1
if ! "$cli" plan --example trey-research --usage "$tmp/usage.json" \
	-o "$tmp/with-usage" >/dev/null 2>"$tmp/u.err" &&
	[ ! -s "$tmp/with-usage/report.html" ]; then
	bad "plan --usage failed: $(head -2 "$tmp/u.err")"
elif ! $outline "$tmp/with-usage/report.html" >"$tmp/u.outline" 2>&1; then
	bad "plan --usage: $(head -3 "$tmp/u.outline")"
elif grep -q '^h2: Measured usage' "$tmp/u.outline" &&
	grep -q 'svg.usage:' "$tmp/u.outline" &&
	grep -q 'table: circuit, site, bandwidth, peak, p95, N-1 peak' "$tmp/u.outline"; then
	ok "plan --usage: measured usage charted per site, circuits tabled"
else
	bad "plan --usage: no measured usage section"
fi
printf '{"sites": 3}' >"$tmp/bad-usage.json"
"$cli" plan --example trey-research --usage "$tmp/bad-usage.json" \
	-o "$tmp/bad-usage" >/dev/null 2>"$tmp/bu.err"
rc=$?
if [ "$rc" -eq 2 ] && [ ! -e "$tmp/bad-usage" ] &&
	grep -q 'bad-usage.json' "$tmp/bu.err"; then
	ok "plan --usage with a file that is not usage's JSON: exit 2, nothing written"
else
	bad "plan --usage with a bad file: exit $rc, $(head -1 "$tmp/bu.err")"
fi

# simulate --format dot, read by Graphviz.
if "$cli" simulate --example humongous-insurance -f dot >"$tmp/t.dot" 2>&1; then
	if command -v dot >/dev/null 2>&1; then
		if dot -Tsvg "$tmp/t.dot" >/dev/null 2>"$tmp/dot.err"; then
			ok "simulate --format dot: Graphviz reads it"
		else
			bad "simulate --format dot: dot says $(head -2 "$tmp/dot.err")"
		fi
	else
		ok "simulate --format dot wrote $(wc -l <"$tmp/t.dot") lines (no dot to read them)"
	fi
else
	bad "simulate --format dot failed: $(head -2 "$tmp/t.dot")"
fi

mr_finish
