#!/usr/bin/env bash
# `m365route dns -o` writes whole files or nothing (issue 13, "Bad
# input"):
#  - -o DIR writes DIR/<site><ext> for each forwarding site, and only for
#    those, each the same text the site gets on stdout;
#  - --site NAME -o FILE writes FILE;
#  - a refusal (a format that cannot express the design, a --site that
#    forwards nothing, a design with errors, a hostile feed pattern)
#    writes no file at all, not even the sites that could be written, and
#    leaves an existing FILE as it was; no temporary file is left behind;
#  - an output that cannot be written is exit 2.
set -u
. "$(dirname "$0")/lib.sh"
mr_start "$@"
mr_abs_paths
mr_tmpdir
cd "$root" || exit 2
export M365ROUTE_DATA_DIR= NO_COLOR=1

check() { # check DESCRIPTION COMMAND...
	local what=$1
	shift
	if "$@"; then
		pass=$((pass + 1))
	else
		echo "FAIL: $what"
		fail=$((fail + 1))
	fi
}
rc_is() { # rc_is WANT COMMAND...
	local want=$1
	shift
	"$@" >/dev/null 2>"$tmp/err"
	[ $? -eq "$want" ] || {
		cat "$tmp/err"
		return 1
	}
}
only_files() { # only_files DIR NAME...: DIR holds exactly NAME...
	local d=$1
	shift
	[ "$(cd "$d" && ls -A | sort | tr '\n' ' ')" = "$(printf '%s\n' "$@" | sort | tr '\n' ' ')" ]
}

chain=tests/golden/dns/chain.yaml
# -o DIR: one file per forwarding site, as on stdout with --site
check "chain bind -o DIR" rc_is 0 "$cli" dns $chain -f bind -o "$tmp/d"
check "chain bind: the forwarding sites' files only" \
	only_files "$tmp/d" region.named.conf branch.named.conf
for s in region branch; do
	"$cli" dns $chain -f bind --site $s >"$tmp/$s.stdout"
	check "$s: the file is what stdout gets" \
		cmp -s "$tmp/$s.stdout" "$tmp/d/$s.named.conf"
done
# a second run over the same DIR replaces the files whole
check "chain unbound -o DIR" rc_is 0 "$cli" dns $chain -f unbound -o "$tmp/d"
check "chain: bind and unbound files" only_files "$tmp/d" \
	region.named.conf branch.named.conf region.unbound.conf \
	branch.unbound.conf
# --site -o FILE
check "--site -o FILE" rc_is 0 "$cli" dns tests/golden/dns/lab.yaml \
	-f dnsmasq --site remote -o "$tmp/remote.conf"
check "--site -o FILE: the golden text" \
	cmp -s tests/golden/dns/lab-unbound.out \
	<("$cli" dns tests/golden/dns/lab.yaml -f unbound --site remote)
check "--site FILE holds server lines" grep -q '^server=/office365.com/10.89.0.1$' "$tmp/remote.conf"

# Refusals write nothing: dnsmasq cannot say the region's fallback, so
# not even the branch's (writable) file appears.
check "chain dnsmasq refused" rc_is 2 "$cli" dns $chain -f dnsmasq -o "$tmp/r"
check "chain dnsmasq: no directory" test ! -e "$tmp/r"
check "chain dnsmasq into an existing DIR" rc_is 2 "$cli" dns $chain -f dnsmasq -o "$tmp/d"
check "chain dnsmasq: DIR unchanged" only_files "$tmp/d" \
	region.named.conf branch.named.conf region.unbound.conf \
	branch.unbound.conf
# an existing FILE is left as it was
echo old >"$tmp/keep.conf"
check "--site that forwards nothing" rc_is 2 "$cli" dns $chain -f bind --site hq -o "$tmp/keep.conf"
check "FILE kept" test "$(cat "$tmp/keep.conf")" = old
check "design errors" rc_is 1 "$cli" dns tests/golden/dns/hostile-name.yaml -f bind -o "$tmp/keep.conf"
check "FILE kept after design errors" test "$(cat "$tmp/keep.conf")" = old
check "hostile feed" rc_is 2 "$cli" dns tests/golden/dns/lab.yaml \
	-c tests/golden/dns/hostile-feed.json -f unbound -o "$tmp/keep.conf"
check "FILE kept after a hostile feed" test "$(cat "$tmp/keep.conf")" = old
check "no temporary files left" only_files "$tmp" d keep.conf region.stdout \
	branch.stdout remote.conf err
# an output that cannot be written
check "unwritable FILE" rc_is 2 "$cli" dns $chain -f bind --site region -o "$tmp/nodir/x.conf"
check "unwritable FILE: message" grep -q "cannot" "$tmp/err"
: >"$tmp/afile"
check "DIR is a file" rc_is 2 "$cli" dns $chain -f bind -o "$tmp/afile"
rm -f "$tmp/afile"

# plan -o DIR: dns/ holds the same files, the dnsmasq one of the region
# left out with a warning
check "plan of the chain" rc_is 0 "$cli" plan $chain -o "$tmp/plan"
check "plan: dns/ holds the forwarding sites' files" only_files "$tmp/plan/dns" \
	region.named.conf region.unbound.conf region.ps1 \
	branch.named.conf branch.unbound.conf branch.dnsmasq.conf branch.ps1
check "plan: the region's dnsmasq file left out, said" grep -q "dns: site 'region'.*left out" "$tmp/err"
check "plan: dns/ files as the dns verb writes them" \
	cmp -s "$tmp/plan/dns/region.named.conf" "$tmp/d/region.named.conf"
check "plan: the manifest lists them" grep -qx 'dns/branch.ps1' "$tmp/plan/.m365route-plan"
mr_finish
