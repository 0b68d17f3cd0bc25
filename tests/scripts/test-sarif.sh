#!/usr/bin/env bash
# SARIF from `check` has the structure SARIF 2.1.0 requires
# (tools/sarif-check.py), for a clean design, one with findings, and one
# that does not load; `plan` writes the same.
set -u
. "$(dirname "$0")/lib.sh"
mr_start "$@"
cd "$root" || exit 2
mr_python
mr_tmpdir
one() { # name expect-results args...
	local name=$1 exp=$2
	shift 2
	"$cli" check -f sarif "$@" >"$tmp/$name.sarif" 2>"$tmp/$name.err"
	if out=$("$py" tools/sarif-check.py "$tmp/$name.sarif" $exp); then
		pass=$((pass + 1))
	else
		echo "FAIL $name:"
		echo "$out" | head -20
		fail=$((fail + 1))
	fi
}
one humongous "" --example humongous-insurance
one trey --expect-results --example trey-research
for f in tests/golden/check/broken-everything.yaml tests/golden/check/*-fires.yaml; do
	[ -f "$f" ] || continue
	one "$(basename "$f" .yaml)" --expect-results "$f"
done
printf 'sites: [\n' >"$tmp/syntax.yaml"
one syntax --expect-results "$tmp/syntax.yaml"
"$cli" plan --example trey-research -o "$tmp/plan" >/dev/null 2>&1
if [ -f "$tmp/plan/findings.sarif" ] && "$py" tools/sarif-check.py "$tmp/plan/findings.sarif" --expect-results >/dev/null; then
	pass=$((pass + 1))
else
	echo "FAIL plan: findings.sarif missing or invalid"
	fail=$((fail + 1))
fi
mr_finish
