#!/usr/bin/env bash
# test-chromium-pac.sh - a generated PAC file in a real browser: headless
# Chromium (Debian's chromium package) sends the ExpressRoute hosts DIRECT
# and every other host to the proxy.
#
# usage: bash test-chromium-pac.sh <path-to-m365route> <repo-root>
#
# Design (issue 4, part 2):
# - tests/browser/pac-listeners.py binds three HTTP listeners on 127.0.0.1
#   (ephemeral ports): "pac" serves the PAC file as
#   application/x-ns-proxy-autoconfig, "direct" stands in for every web
#   server, "proxy" for the forward proxy; the last two log the Host they
#   receive;
# - the PAC file is made by `m365route pac --proxy "PROXY 127.0.0.1:<proxy
#   port>"` (type expressroute, the default), and must audit clean with
#   `m365route pac audit`;
# - Chromium runs with --proxy-pac-url=http://127.0.0.1:<pac>/m365.pac and
#   --host-resolver-rules="MAP * 127.0.0.1, EXCLUDE localhost", so a DIRECT
#   connection to any name lands on 127.0.0.1. The test URLs are
#   http://<real host>:<direct port>/: real names, so Chromium's implicit
#   bypass of localhost/loopback never applies, and plain http so no TLS or
#   CONNECT is involved. One Chromium per URL with --dump-dom (a top-level
#   navigation: no subresource or private-network rules in the way), each
#   with a fresh --user-data-dir and a time limit;
# - the expected listener comes from `m365route classify`: expressroute ->
#   direct, internet or unknown -> proxy. A host passes when its request
#   arrived at the expected listener only, and the page Chromium rendered
#   names that listener.
# Only 127.0.0.1 is contacted (Chromium's own background requests, if any,
# go to the local proxy listener and are ignored). Everything started here
# is killed on exit.
#
# Chromium is required: without it the test is skipped (exit 77), and
# FAILS under CI=true; scripts/install-deps installs it. Ends with "N passed, M failed"; exit
# status 0 only when M is 0.
set -u
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/chromium.sh"

mr_start "$@"
# ExpressRoute and Internet-only Microsoft 365 hosts, and outsiders. None
# may be on Chromium's HSTS preload list (teams.microsoft.com is): Chromium
# would turn http:// into https:// and never speak plain HTTP to them.
hosts="outlook.office365.com contoso.sharepoint.com contoso-my.sharepoint.com
login.microsoftonline.com x.lync.com word-edit.officeapps.live.com
contoso.mail.protection.outlook.com cdn.odc.officeapps.live.com www.office.com
example.com www.contoso.com"

ok() {
	pass=$((pass + 1))
	echo "ok   $*"
}
bad() {
	fail=$((fail + 1))
	echo "FAIL $*"
}

mr_chromium_need
mr_python
if ! command -v "$py" >/dev/null 2>&1; then
	bad "python3 not found (runs the local HTTP listeners)"
	mr_finish
fi
if [ ! -x "$cli" ]; then
	bad "$cli is not an executable m365route"
	mr_finish
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mr-chromium.XXXXXX") || exit 2
lpid=""
cleanup() {
	if [ -n "$lpid" ]; then
		kill "$lpid" 2>/dev/null
		wait "$lpid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 2' INT TERM

# 1. The listeners. The PAC file is written once the proxy port is known,
# before Chromium asks for it.
: >"$tmp/m365.pac"
: >"$tmp/log"
"$py" "$root/tests/browser/pac-listeners.py" "$tmp/m365.pac" \
	"$tmp/ports" "$tmp/log" 300 &
lpid=$!
for _ in $(seq 1 100); do
	[ -s "$tmp/ports" ] && break
	sleep 0.1
done
if [ ! -s "$tmp/ports" ]; then
	bad "the local listeners did not start"
	mr_finish
fi
read -r p_pac p_direct p_proxy < <(sed 's/[a-z]*=//g' "$tmp/ports")
ok "listeners on 127.0.0.1: pac $p_pac, direct $p_direct, proxy $p_proxy"

# 2. The PAC file.
if "$cli" pac --help >/dev/null 2>&1; then
	if "$cli" pac -o "$tmp/m365.pac" --proxy "PROXY 127.0.0.1:$p_proxy" \
		2>"$tmp/pac.err"; then
		ok "m365route pac wrote $(wc -c <"$tmp/m365.pac") bytes"
	else
		bad "m365route pac failed: $(head -3 "$tmp/pac.err")"
		mr_finish
	fi
	if "$cli" pac audit "$tmp/m365.pac" >"$tmp/audit.out" 2>&1; then
		ok "m365route pac audit finds nothing in the generated file"
	else
		bad "m365route pac audit on the generated file:" \
			"$(grep -m3 -v '^$' "$tmp/audit.out")"
	fi
else
	# FALLBACK, until the generator (m365route pac) is in the tree: a PAC
	# file naming the test hosts one by one, from m365route classify. It
	# proves the browser plumbing, not the generator.
	echo "NOTE FALLBACK: m365route pac is missing; writing a PAC file" \
		"from m365route classify for the test hosts only"
	{
		echo "// FALLBACK PAC written by test-chromium-pac.sh"
		echo "function FindProxyForURL(url, host) {"
		for h in $hosts; do
			r=$("$cli" classify -f tsv "$h" | cut -f2)
			if [ "$r" = expressroute ]; then
				echo "    if (host == \"$h\") return \"DIRECT\";"
			fi
		done
		echo "    return \"PROXY 127.0.0.1:$p_proxy\";"
		echo "}"
	} >"$tmp/m365.pac"
	ok "fallback PAC file written"
fi

# 3. One headless Chromium per host.
for h in $hosts; do
	route=$("$cli" classify -f tsv "$h" 2>/dev/null | cut -f2)
	case $route in
	expressroute) want=direct ;;
	internet | unknown) want=proxy ;;
	*)
		bad "$h: m365route classify gave '$route'"
		continue
		;;
	esac
	ud=$(mktemp -d "$tmp/profile.XXXXXX")
	mr_chromium_flags "$ud"
	timeout -k 5 60 "$chrome" "${chrome_flags[@]}" \
		--proxy-pac-url="http://127.0.0.1:$p_pac/m365.pac" \
		--host-resolver-rules="MAP * 127.0.0.1, EXCLUDE localhost" \
		--dump-dom "http://$h:$p_direct/probe" \
		>"$tmp/dom" 2>"$tmp/chrome.err"
	rc=$?
	got=$(awk -v h="$h" '$2 == h { print $1 }' "$tmp/log" | sort -u |
		tr '\n' ' ')
	got=${got% }
	if [ "$rc" -ne 0 ]; then
		bad "$h: chromium exited with status $rc" \
			"($(grep -m1 -i 'error' "$tmp/chrome.err"))"
	elif [ "$got" != "$want" ]; then
		bad "$h ($route): expected at the $want listener, seen at:" \
			"'${got:-none}'${got:+}$([ -z "$got" ] &&
				echo ' (HSTS-preloaded host? see the list above)')"
	elif ! grep -q "via=$want host=$h<" "$tmp/dom"; then
		bad "$h ($route): the page Chromium rendered does not say" \
			"via=$want"
	else
		ok "$h ($route) -> $want"
	fi
	rm -rf "$ud"
done

mr_finish
