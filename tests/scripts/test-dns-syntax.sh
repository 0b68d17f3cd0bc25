#!/usr/bin/env bash
# `m365route dns` output is accepted by the real resolvers (issue 13,
# "Proof with real software"), for both examples and every design of the
# golden tests that loads without errors:
#  - BIND 9: the zone statements, included from a minimal named.conf,
#    pass named-checkconf;
#  - Unbound: the forward-zone clauses, included after a minimal server:
#    clause, pass unbound-checkconf;
#  - dnsmasq: the server= lines pass dnsmasq --test -C FILE;
#  - Windows DNS Server: no PowerShell here; every statement line has the
#    one shape the writer prints (a structural check only; docs/dns.md).
# A refusal is accepted only where the format cannot say what the design
# does (dnsmasq and dns: fallback: local). Negative controls show each
# checker rejects a broken file, so a silent checker cannot pass. Each
# file is also checked to name no zone twice. A missing tool skips (77).
set -u
. "$(dirname "$0")/lib.sh"
mr_start "$@"
mr_abs_paths
. "$root/tests/scripts/need.sh"
mr_need named-checkconf "BIND 9's configuration checker (bind9)"
mr_need unbound-checkconf "Unbound's configuration checker (unbound)"
mr_need dnsmasq "dnsmasq --test (dnsmasq-base)"
PATH=$PATH:/usr/sbin:/sbin
mr_tmpdir
cd "$root" || exit 2
export M365ROUTE_DATA_DIR= NO_COLOR=1

bad() {
	echo "FAIL: $*"
	fail=$((fail + 1))
}

# check_file FORMAT FILE: the checker of FORMAT accepts FILE.
check_file() {
	local f=$1 file=$2 conf
	case $f in
	bind)
		conf=$tmp/named.conf
		printf 'options {\n\tdirectory "%s";\n};\ninclude "%s";\n' \
			"$tmp" "$file" >"$conf"
		timeout 30 named-checkconf "$conf"
		;;
	unbound)
		conf=$tmp/unbound.conf
		printf 'server:\n\tusername: ""\n\tchroot: ""\n\tdirectory: "%s"\ninclude: "%s"\n' \
			"$tmp" "$file" >"$conf"
		timeout 30 unbound-checkconf "$conf" >/dev/null
		;;
	dnsmasq)
		timeout 30 dnsmasq --test -C "$file" 2>&1 |
			grep -q 'syntax check OK'
		;;
	windows)
		# every line: blank, a comment, the preference, or one call
		! grep -Ev '^$|^# |^\$ErrorActionPreference = '"'"'Stop'"'"'$|^Add-DnsServerConditionalForwarderZone -Name '"'"'[a-z0-9.-]+'"'"' -MasterServers [0-9a-f.:]+(,[0-9a-f.:]+)* -UseRecursion:\$(true|false)$' "$file"
		;;
	esac
}

# no zone twice in one file
zones_once() {
	local f=$1 file=$2 dup
	case $f in
	bind) dup=$(grep -o '^zone "[^"]*"' "$file" | sort | uniq -d) ;;
	unbound) dup=$(grep -o '^	name: "[^"]*"' "$file" | sort | uniq -d) ;;
	dnsmasq) dup=$(grep -o '^server=/[^/]*/[^/]*$' "$file" | sort | uniq -d) ;;
	windows) dup=$(grep -o -- "-Name '[^']*'" "$file" | sort | uniq -d) ;;
	esac
	[ -z "$dup" ]
}

designs=(--example=trey-research --example=humongous-insurance)
for y in tests/golden/*/*.yaml; do
	designs+=("$y")
done
files=0
for dsg in "${designs[@]}"; do
	args=("$dsg")
	case $dsg in
	--example=*) args=(--example "${dsg#--example=}") ;;
	esac
	for f in bind unbound dnsmasq windows; do
		out=$tmp/out
		rm -rf "$out"
		"$cli" dns "${args[@]}" --format "$f" -o "$out" \
			>/dev/null 2>"$tmp/err"
		rc=$?
		if [ "$f" = bind ] && { [ $rc -ne 0 ] || [ ! -d "$out" ]; }; then
			# errors in the design (1; 2 when it cannot be read:
			# a diagnostic), or no site forwards: the design is
			# out (BIND can say all a design does)
			[ $rc -eq 2 ] && ! grep -q '\[MR0[0-9]*\]' "$tmp/err" &&
				bad "$dsg $f: exit 2: $(head -3 "$tmp/err")"
			break
		fi
		if [ $rc -eq 2 ]; then
			if [ "$f" = dnsmasq ] &&
				grep -q 'which dnsmasq cannot express' "$tmp/err"; then
				[ -e "$out" ] && bad "$dsg $f: refused but wrote $out"
				pass=$((pass + 1))
				continue
			fi
			bad "$dsg $f: exit 2: $(head -3 "$tmp/err")"
			continue
		fi
		[ -d "$out" ] || continue # no site forwards
		for file in "$out"/*; do
			files=$((files + 1))
			if check_file "$f" "$file" >"$tmp/check" 2>&1 &&
				zones_once "$f" "$file"; then
				pass=$((pass + 1))
			else
				bad "$dsg $f: $(basename "$file") rejected:"
				head -5 "$tmp/check"
			fi
		done
	done
done
# The designs that must have produced files: humongous, the chain, the lab.
[ "$files" -ge 10 ] || bad "only $files files checked"

# Negative controls: each checker rejects a broken file.
"$cli" dns tests/golden/dns/lab.yaml --site remote -f bind -o "$tmp/b.conf" 2>/dev/null
printf 'zone "x" {\n\ttype forward;\n' >>"$tmp/b.conf"
check_file bind "$tmp/b.conf" >/dev/null 2>&1 && bad "named-checkconf accepted a broken file"
"$cli" dns tests/golden/dns/lab.yaml --site remote -f unbound -o "$tmp/u.conf" 2>/dev/null
printf '\tforward-addr: not-an-address\n' >>"$tmp/u.conf"
check_file unbound "$tmp/u.conf" >/dev/null 2>&1 && bad "unbound-checkconf accepted a broken file"
"$cli" dns tests/golden/dns/lab.yaml --site remote -f dnsmasq -o "$tmp/d.conf" 2>/dev/null
printf 'server=/x.com/300.1.1.1\n' >>"$tmp/d.conf"
check_file dnsmasq "$tmp/d.conf" >/dev/null 2>&1 && bad "dnsmasq --test accepted a broken file"
"$cli" dns tests/golden/dns/lab.yaml --site remote -f windows -o "$tmp/w.ps1" 2>/dev/null
printf 'Remove-DnsServerZone -Name x\n' >>"$tmp/w.ps1"
check_file windows "$tmp/w.ps1" >/dev/null 2>&1 && bad "the Windows check accepted a foreign line"
cp tests/golden/dns/humongous-unbound.out "$tmp/dup.conf"
zones_once unbound "$tmp/dup.conf" || bad "zones_once: the humongous golden names a zone twice"
sed -n '/^forward-zone:/,/^$/p' "$tmp/dup.conf" | head -6 >>"$tmp/dup.conf"
zones_once unbound "$tmp/dup.conf" && bad "zones_once missed a zone named twice"
pass=$((pass + 1))
echo "$files files checked"
mr_finish
