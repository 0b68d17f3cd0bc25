#!/usr/bin/env bash
# PAC files for a design's PAC groups (pac --design/--example with --group
# or --site), evaluated by pactester: the design's overrides come first,
# ExpressRoute hosts go DIRECT only where the group says so, the rest to
# the group's proxy.
set -u
. "$(dirname "$0")/lib.sh"
mr_start "$@"
cd "$root" || exit 2
mr_tmpdir
. "$root/tests/scripts/need.sh"
mr_need pactester "the reference PAC engine"

# expect PAC HOST WANT
expect() {
	local got
	got=$(pactester -p "$1" -u "http://$2/" -h "$2" 2>&1)
	if [ "$got" = "$3" ]; then
		pass=$((pass + 1))
	else
		echo "FAIL $(basename "$1") $2: got '$got', want '$3'"
		fail=$((fail + 1))
	fi
}

for style in fast compat; do
	pac=$tmp/fra-$style.pac
	"$cli" pac --example humongous-insurance --site frankfurt --style $style -o "$pac" || { fail=$((fail + 1)); continue; }
	# the design's override: *.humongousinsurance-partners.com to the proxy
	expect "$pac" www.humongousinsurance-partners.com "PROXY 10.30.2.10:3128"
	expect "$pac" outlook.office365.com DIRECT
	expect "$pac" contoso.sharepoint.com DIRECT
	expect "$pac" cdn.odc.officeapps.live.com "PROXY 10.30.2.10:3128"
	expect "$pac" www.example.com "PROXY 10.30.2.10:3128"
done

# A design whose group sends everything to the proxy, with a DIRECT override
# that must still win, and a more specific proxy override under it.
sed -e 's/expressroute: true            # DIRECT, over the WAN to Chicago.s circuits/expressroute: false/' \
	data/examples/humongous-insurance.yaml >"$tmp/d.yaml"
python3 - "$tmp/d.yaml" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read()
s = s.replace('''  overrides:
''', '''  overrides:
    - host: "*.sharepoint.com"
      action: direct
    - host: "secret.sharepoint.com"
      action: proxy
''', 1)
open(p, "w").write(s)
PY
pac=$tmp/allproxy.pac
if "$cli" pac --design "$tmp/d.yaml" --group frankfurt-clients -o "$pac"; then
	expect "$pac" outlook.office365.com "PROXY 10.30.2.10:3128"
	expect "$pac" contoso.sharepoint.com DIRECT
	expect "$pac" secret.sharepoint.com "PROXY 10.30.2.10:3128"
else
	echo "FAIL pac --design"; fail=$((fail + 1))
fi

# Errors: unknown group or site (names listed), design without --group.
"$cli" pac --example humongous-insurance --group nope >/dev/null 2>"$tmp/err"
if [ $? = 2 ] && grep -q "chicago-clients" "$tmp/err"; then pass=$((pass + 1)); else echo "FAIL unknown group"; fail=$((fail + 1)); fi
"$cli" pac --example humongous-insurance >/dev/null 2>&1
if [ $? = 2 ]; then pass=$((pass + 1)); else echo "FAIL design without group"; fail=$((fail + 1)); fi
mr_finish
