#!/usr/bin/env bash
# Generate docs/diagnostics.md from src/lib/util/diag_codes.def (the one place
# codes live). With --check, fail if the committed file is out of date.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
def=$root/src/lib/util/diag_codes.def
out=$root/docs/diagnostics.md
gen() {
	cat <<'HDR'
# Diagnostics

Every finding m365route reports has a code, a severity and a slug. This file
is generated from `src/lib/util/diag_codes.def` by `tools/gen-diag-doc.sh`; do not
edit it by hand.

Findings are printed as `file:line:col: severity: message [CODE]`, followed by
the source line and a caret (`--diag-format=json` prints one JSON object per
finding instead). Notes are shown with `-v`. Any error in an endpoint feed
rejects the whole feed (exit status 2): nothing is classified or generated
from a feed that did not validate.

| code | severity | slug | meaning |
|---|---|---|---|
HDR
	# MR_DIAG(SYM, "MRnnnn", MR_SEV_X, "slug",\n\t"summary")
	tr '\n' ' ' <"$def" | grep -oE 'MR_DIAG\([A-Z_0-9]+,[[:space:]]*"MR[0-9]+",[[:space:]]*MR_SEV_[A-Z]+,[[:space:]]*"[^"]+",[[:space:]]*"([^"\\]|\\.)*"\)' |
		sed -E 's/MR_DIAG\([A-Z_0-9]+,[[:space:]]*"(MR[0-9]+)",[[:space:]]*MR_SEV_([A-Z]+),[[:space:]]*"([^"]+)",[[:space:]]*"(([^"\\]|\\.)*)"\)/| \1 | \2 | `\3` | \4 |/' |
		sed -E 's/\| ERROR \|/| error |/; s/\| WARNING \|/| warning |/; s/\| NOTE \|/| note |/; s/\\"/"/g'
}
if [ "${1:-}" = --check ]; then
	if ! gen | diff -u "$out" - ; then
		echo "docs/diagnostics.md is out of date: run tools/gen-diag-doc.sh"
		echo "0 passed, 1 failed"
		exit 1
	fi
	echo "1 passed, 0 failed"
	exit 0
fi
gen >"$out"
