#!/usr/bin/env bash
# Generate docs/rules.md from src/lib/util/rules.def (the one place the rules of
# `m365route check` live). With --check, fail if the committed file is out
# of date. The table is parsed with awk: comments are skipped and adjacent
# C string literals are joined, as the compiler does.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
def=$root/src/lib/util/rules.def
out=$root/docs/rules.md

# One line per rule: symbol, code, severity, slug, summary, rationale,
# source, separated by ASCII unit separators (\037).
parse() {
	awk 'BEGIN { RS = "\001" } {
		s = $0; n = length(s); i = 1
		while (i <= n) {
			if (substr(s, i, 2) == "/*") {
				j = index(substr(s, i + 2), "*/")
				if (j == 0) exit 1
				i += j + 3; continue
			}
			if (substr(s, i, 8) == "MR_RULE(") {
				i += 8; na = 0; cur = ""; depth = 0
				while (i <= n) {
					ch = substr(s, i, 1)
					if (ch == "\"") {
						i++
						while (i <= n && substr(s, i, 1) != "\"") {
							if (substr(s, i, 1) == "\\") {
								cur = cur substr(s, i + 1, 1); i += 2
							} else {
								cur = cur substr(s, i, 1); i++
							}
						}
						i++; continue
					}
					if (ch == "(") depth++
					if (ch == ")" && depth == 0) {
						arg[++na] = cur; i++; break
					}
					if (ch == ")") depth--
					if (ch == "," && depth == 0) {
						arg[++na] = cur; cur = ""; i++; continue
					}
					if (ch !~ /[ \t\n]/) cur = cur ch
					i++
				}
				if (na != 7) { print "bad MR_RULE entry near " arg[2] > "/dev/stderr"; exit 1 }
				line = arg[1]
				for (k = 2; k <= 7; k++) line = line "\037" arg[k]
				print line
				continue
			}
			i++
		}
	}' "$def"
}

gen() {
	rules=$(parse)
	cat <<'HDR'
# Rules of `m365route check`

`m365route check DESIGN.yaml` checks a network design against Microsoft's
guidance for routing Microsoft 365 over Azure ExpressRoute and the Internet.
This file is generated from `src/lib/util/rules.def` by `tools/gen-rules-doc.sh`;
do not edit it by hand.

Each finding is printed as `file:line:col: severity: message [CODE]` at the
YAML node at fault, with a note (why, and the other party of a conflict) and
a hint (the fix). `-W<slug>` / `-Wno-<slug>` turn a rule on or off. Codes are
never reused. Families: SYM route symmetry, ACC acceptance by Microsoft, CKT
circuits, PAC client policy (PAC groups and overrides), HA availability, CAP
capacity, GEO multiple locations; VER the running network against the plan
(`m365route verify`: the routers' exported tables).

| code | severity | slug | summary |
|---|---|---|---|
HDR
	printf '%s\n' "$rules" | awk -F '\037' '{
		sev = tolower($3); sub(/^mr_sev_/, "", sev)
		sum = $5; gsub(/\|/, "\\|", sum)
		printf "| [%s](#%s) | %s | `%s` | %s |\n", $2, tolower($2), sev, $4, sum
	}'
	printf '%s\n' "$rules" | awk -F '\037' '{
		sev = tolower($3); sub(/^mr_sev_/, "", sev)
		printf "\n## %s\n\n", $2
		printf "`%s`, %s: %s.\n\n", $4, sev, $5
		printf "%s\n\n", $6
		printf "Source: %s.\n", $7
	}'
}

if [ "${1:-}" = --check ]; then
	if ! gen | diff -u "$out" - ; then
		echo "docs/rules.md is out of date: run tools/gen-rules-doc.sh"
		echo "0 passed, 1 failed"
		exit 1
	fi
	echo "1 passed, 0 failed"
	exit 0
fi
gen >"$out"
