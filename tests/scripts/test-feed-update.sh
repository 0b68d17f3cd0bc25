#!/usr/bin/env bash
# m365route endpoints update / rollback / status against a scripted local
# web service (tests/feed/server.py on 127.0.0.1; never the Internet):
# downloads only when /version changed, one ClientRequestId stored once,
# 429 / 5xx / slow / truncated / non-JSON answers, bad version strings, the
# safety rules (sets, URL patterns, prefixes, ExpressRoute) and --force,
# rollback, an unwritable data directory. After every failure the stored
# catalog must be byte-for-byte what it was.
# Usage: test-feed-update.sh CLI SOURCE_DIR
set -u
. "$(dirname "$0")/lib.sh"
mr_start "$@"
tmp=$(mktemp -d)
chmod 755 "$tmp"
data=$tmp/data
server_pid=

cleanup() {
	if [ -n "$server_pid" ]; then
		kill "$server_pid" 2>/dev/null
		wait "$server_pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

# The server's files: the real snapshots and two crafted feeds that keep
# the sets but not what is in them (case 16b).
feeds=$tmp/feeds
mkdir -p "$feeds"
cp "$root"/data/endpoints/*.json "$feeds/"
python3 - "$feeds" <<'EOF'
import json, os, sys
d = sys.argv[1]
with open(os.path.join(d, "worldwide-2025-12-01-with-MEM.json")) as f:
    mem = json.load(f)
# Every set of the stored catalog, none of its URLs and IPs.
bare = [{k: v for k, v in s.items() if k not in ("urls", "ips")} for s in mem]
# 64 unrelated sets, well filled, and a single ExpressRoute set.
odd = [{"id": 1000 + i, "serviceArea": "Common", "category": "Default",
        "required": False, "expressRoute": False,
        "urls": ["h%d-%d.example.com" % (i, j) for j in range(6)],
        "ips": ["198.18.%d.%d/32" % (i, j) for j in range(4)]}
       for i in range(64)]
odd.append({"id": 2000, "serviceArea": "Exchange", "category": "Optimize",
            "required": True, "expressRoute": True,
            "urls": ["outlook.office365.com"], "ips": ["13.107.6.152/31"]})
for name, feed in (("crafted-bare.json", bare), ("crafted-odd.json", odd)):
    with open(os.path.join(d, name), "w") as f:
        json.dump(feed, f, indent=1)
EOF
python3 "$root/tests/feed/server.py" "$feeds" "$tmp/port" \
	2>"$tmp/server.err" &
server_pid=$!
for _ in $(seq 1 100); do
	[ -s "$tmp/port" ] && break
	sleep 0.1
done
if [ ! -s "$tmp/port" ]; then
	echo "FAIL: the test server did not start"
	cat "$tmp/server.err"
	echo "0 passed, 1 failed"
	exit 1
fi
port=$(cat "$tmp/port")
base=http://127.0.0.1:$port

ctl() { # key=value ...
	local q
	q=$(IFS='&'; echo "$*")
	python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5).read()' \
		"$base/_control?$q" || echo "control request failed: $q"
}

stat() { # python expression over the stats dict s
	python3 -c 'import sys, json, urllib.request
s = json.load(urllib.request.urlopen(sys.argv[1], timeout=5))
print(eval(sys.argv[2]))' "$base/_stats" "$1"
}

ok() { pass=$((pass + 1)); }
bad() {
	echo "FAIL $1"
	[ -s "$tmp/err" ] && sed 's/^/    stderr: /' "$tmp/err" | head -8
	[ -s "$tmp/out" ] && sed 's/^/    stdout: /' "$tmp/out" | head -8
	fail=$((fail + 1))
}

# run NAME WANT_RC [STDERR_REGEX|-] -- ARGS...: the CLI, bounded in time.
run() {
	local name=$1 want=$2 re=$3
	shift 4
	NO_COLOR=1 timeout 60 "$cli" "$@" >"$tmp/out" 2>"$tmp/err"
	local rc=$?
	if [ "$rc" != "$want" ]; then
		bad "$name: exit $rc, want $want"
		return 1
	fi
	if [ "$re" != - ] && ! grep -Eq -e "$re" "$tmp/out" "$tmp/err"; then
		bad "$name: output does not match /$re/"
		return 1
	fi
	ok
	return 0
}

check() { # NAME CONDITION...
	local name=$1
	shift
	if "$@"; then ok; else bad "$name"; fi
}

snapshot() { # checksum of everything in the store but the lock
	(cd "$data" 2>/dev/null && find . -type f ! -name lock -print0 | sort -z |
		xargs -0 sha256sum 2>/dev/null) | sha256sum
}

untouched() { # NAME: the store is what it was at the last 'keep'
	check "$1: the stored catalog changed" [ "$(snapshot)" = "$kept" ]
}
keep() { kept=$(snapshot); }

U=(endpoints update --base-url "$base" --data-dir "$data" --retries 2 --timeout 10)

# 1. First update: /version, then /endpoints; GUID created.
ctl reset=1 version=2020092900 file=worldwide-2020092900.json
run first-update 0 'installed version 2020092900' -- "${U[@]}"
check "first-update: two requests" [ "$(stat 's["count"]["version"], s["count"]["endpoints"]')" = "(1, 1)" ]
guid=$(cat "$data/client-request-id" 2>/dev/null)
check "first-update: a v4 GUID is stored" grep -Eq '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$' "$data/client-request-id"
check "first-update: the server saw the stored GUID" [ "$(stat 's["ids"]')" = "['$guid']" ]
check "first-update: User-Agent m365route/<version>" grep -q "m365route/[0-9]" <(stat 's["agents"]')
check "first-update: state names the version" grep -q '^version 2020092900$' "$data/worldwide/state"
check "first-update: catalog stored byte for byte" cmp -s "$data/worldwide/endpoints-2020092900.json" "$root/data/endpoints/worldwide-2020092900.json"
run status-stored 0 'installed +2020092900' -- endpoints status --data-dir "$data"

# 2. Same version: no download.
run up-to-date 0 'up to date \(version 2020092900\)' -- "${U[@]}"
check "up-to-date: /endpoints not called again" [ "$(stat 's["count"]["endpoints"]')" = 1 ]
check "up-to-date: the GUID is kept" [ "$(cat "$data/client-request-id")" = "$guid" ]

# 3. A new version that shrinks by 43%: refused, nothing changed.
keep
ctl version=2025111400 file=worldwide-2025-11-14.json
run shrink-refused 1 'refusing version 2025111400' -- "${U[@]}"
check "shrink-refused: says why" grep -q '64 endpoint sets, 43% fewer than the 113' "$tmp/err"
untouched shrink-refused

# 4. --force installs it; the previous one is kept.
run force 0 'installed version 2025111400, replacing 2020092900' -- "${U[@]}" --force
check "force: previous kept" [ -f "$data/worldwide/endpoints-2020092900.json" ]
check "force: update prints the diff summary" grep -q '54 sets removed, 5 added, 43 changed' "$tmp/out"
run status-previous 0 'previous +2020092900' -- endpoints status --data-dir "$data"
run diff-stored 0 'endpoint sets: 54 removed, 5 added, 43 changed' -- endpoints diff --data-dir "$data" @previous @current

# 5. Rollback, and update does not reinstall the version rolled back from.
run rollback 0 'rolled back to version 2020092900' -- endpoints rollback --data-dir "$data"
check "rollback: state" grep -q '^version 2020092900$' "$data/worldwide/state"
check "rollback: held" grep -q '^held 2025111400$' "$data/worldwide/state"
n_before=$(stat 's["count"]["endpoints"]')
run held 0 'version 2025111400 was rolled back; kept 2020092900' -- "${U[@]}"
check "held: no download" [ "$(stat 's["count"]["endpoints"]')" = "$n_before" ]
run reinstall 0 'installed version 2025111400' -- "${U[@]}" --force

# 6. 429 with Retry-After: 1, then success (the with-MEM feed: 79 sets).
ctl version=2025120100 file=worldwide-2025-12-01-with-MEM.json script_endpoints=429:1
n_before=$(stat 's["count"]["endpoints"]')
t0=$(date +%s.%N)
run retry-429 0 'installed version 2025120100' -- "${U[@]}"
t1=$(date +%s.%N)
check "retry-429: two /endpoints requests" [ "$(stat 's["count"]["endpoints"]')" = $((n_before + 2)) ]
check "retry-429: waited Retry-After" python3 -c "import sys; sys.exit(0 if $t1 - $t0 >= 0.9 else 1)"
check "retry-429: the retry is reported" grep -q 'HTTP 429; retrying in 1.000 s' "$tmp/err"

# 7. 500, 500, then success on /version.
ctl script_version=500,503
n_before=$(stat 's["count"]["version"]')
t0=$(date +%s.%N)
run retry-5xx 0 'up to date' -- "${U[@]}"
t1=$(date +%s.%N)
check "retry-5xx: three /version requests" [ "$(stat 's["count"]["version"]')" = $((n_before + 3)) ]
check "retry-5xx: backed off 1 s, then 2 s" python3 -c "import sys; sys.exit(0 if $t1 - $t0 >= 2.9 else 1)"
check "retry-5xx: the back-off is reported" grep -q 'HTTP 503; retrying in 2.000 s (attempt 3 of 3)' "$tmp/err"

# 8. 5xx every time: bounded retries, exit 2.
keep
ctl script_version=500,500,500,500,500
n_before=$(stat 's["count"]["version"]')
run give-up-5xx 2 'HTTP 500 \(gave up after 3 attempts\)' -- "${U[@]}"
check "give-up-5xx: retries + 1 requests" [ "$(stat 's["count"]["version"]')" = $((n_before + 3)) ]
untouched give-up-5xx
ctl script_version=

# 9. 429 asking for an hour: no wait, exit 2.
ctl version=2026010100 script_endpoints=429:3600
t0=$(date +%s)
run retry-after-too-long 2 'asks to wait 3600 s' -- "${U[@]}"
check "retry-after-too-long: did not wait" [ $(($(date +%s) - t0)) -lt 5 ]
untouched retry-after-too-long

# 9b. A Retry-After too large for any integer type means "too long" as
# well (it used to read as no header: a retry after 1 s, then an install).
ctl script_endpoints=429:99999999999999999999999
n_before=$(stat 's["count"]["endpoints"]')
t0=$(date +%s)
run retry-after-overflow 2 'asks to wait 2147483648 s or more before the next request' -- "${U[@]}"
check "retry-after-overflow: did not wait" [ $(($(date +%s) - t0)) -lt 5 ]
check "retry-after-overflow: no retry" [ "$(stat 's["count"]["endpoints"]')" = $((n_before + 1)) ]
untouched retry-after-overflow
ctl script_endpoints=

# 10. A server slower than --timeout.
ctl script_version=slow:4
t0=$(date +%s)
run slow 2 '[Tt]imeout|timed out' -- endpoints update --base-url "$base" --data-dir "$data" --retries 0 --timeout 1
check "slow: bounded by --timeout" [ $(($(date +%s) - t0)) -lt 4 ]
untouched slow
sleep 3 # let the slow handler finish before the next script
ctl script_version=

# 11. Truncated transfers (Content-Length not reached): retried, then exit 2.
ctl script_endpoints=truncate,truncate,truncate
run truncated 2 'GET .*/endpoints/Worldwide: .*(transfer closed|bytes remaining|Partial)' -- "${U[@]}" --retries 1
untouched truncated
ctl script_endpoints=truncate
run truncated-once 0 'installed version 2026010100' -- "${U[@]}"
keep

# 12. A complete answer holding half a feed: invalid JSON, exit 2.
ctl version=2026020100 script_endpoints=cut
run cut-json 2 'MR0101' -- "${U[@]}"
check "cut-json: says nothing changed" grep -q 'the stored catalog was not changed' "$tmp/err"
untouched cut-json

# 13. Not JSON at all.
ctl script_version=html
run version-html 2 '/version response is not JSON' -- "${U[@]}"
untouched version-html
ctl script_endpoints=html
run endpoints-html 2 'MR0101' -- "${U[@]}"
untouched endpoints-html

# 14. A /changes body where /endpoints was asked for.
ctl file=changes-sample-2020012800.json
run changes-body 2 'MR0102' -- "${U[@]}"
untouched changes-body

# 15. Version strings that are not 10 digits.
for vb in '{"instance":"Worldwide","latest":"2026-02-01"}' \
	'{"instance":"Worldwide","latest":"202602010"}' \
	'{"instance":"Worldwide","latest":"20260201000"}' \
	'{"instance":"Worldwide","latest":2026020100}' \
	'{"instance":"Worldwide"}' \
	'{"instance":"China","latest":"2026020100"}' \
	'[]'; do
	ctl "version_body=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$vb")"
	run "bad-version $vb" 2 'the /version response' -- "${U[@]}"
	untouched "bad-version $vb"
done
ctl reset=1 version=2026030100 file=china-2025-11-14.json

# 16. A catalog without any ExpressRoute set (China's, for Worldwide).
run loses-er 1 'no ExpressRoute set; the stored catalog has 10' -- "${U[@]}"
untouched loses-er

# 16b. Counts beyond the sets (against the stored with-MEM catalog: 79
# sets, 270 URL patterns, 174 prefixes, 93 of them in ExpressRoute sets).
ctl version=2026040100 file=crafted-bare.json
run bare-refused 1 'refusing version 2026040100' -- "${U[@]}"
check "bare-refused: the URL patterns" grep -q 'note: it has 0 distinct URL patterns, 100% fewer than the 270 of the stored catalog' "$tmp/err"
check "bare-refused: the prefixes" grep -q 'note: it has 0 distinct IP prefixes, 100% fewer than the 174 of the stored catalog' "$tmp/err"
check "bare-refused: the ExpressRoute prefixes" grep -q 'note: it has 0 distinct prefixes in ExpressRoute sets, 100% fewer than the 93 of the stored catalog' "$tmp/err"
check "bare-refused: not the sets" bash -c "! grep -q 'endpoint sets,' '$tmp/err'"
untouched bare-refused
ctl version=2026040100 file=crafted-odd.json
run odd-refused 1 'refusing version 2026040100' -- "${U[@]}"
check "odd-refused: only the ExpressRoute prefixes" [ "$(grep -c '^note:' "$tmp/err")" = 1 ]
check "odd-refused: says which and by how much" grep -q 'note: it has 1 distinct prefixes in ExpressRoute sets, 98% fewer than the 93 of the stored catalog' "$tmp/err"
untouched odd-refused
run odd-force 0 'installed version 2026040100' -- "${U[@]}" --force
check "odd-force: warns" grep -q 'installed despite the safety rules' "$tmp/err"
check "odd-force: the counts" grep -Eq 'prefixes +174 -> 257 \(ExpressRoute 93 -> 1\)' "$tmp/out"

# 17. Unwritable data directory: exit 2 before any request.
ctl version=2026030100 file=worldwide-2025-11-14.json
n_before=$(stat 's["count"]["version"]')
keep
if [ "$(id -u)" = 0 ]; then
	# root writes anywhere: run as nobody over a store it can read only.
	chmod -R a+rX "$data"
	as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	if ! command -v setpriv >/dev/null || ! "${as[@]}" test -x "$cli"; then
		echo "note: cannot run the CLI as nobody here; unwritable case skipped"
		as=()
	fi
else
	chmod -R a-w "$data"
	as=(env)
fi
if [ ${#as[@]} -gt 0 ]; then
	NO_COLOR=1 timeout 60 "${as[@]}" "$cli" endpoints update --base-url "$base" \
		--data-dir "$data" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" = 2 ] && grep -q "the data directory '$data/worldwide' is not writable" "$tmp/err"; then
		ok
	else
		bad "unwritable: exit $rc, want 2 and 'not writable'"
	fi
	check "unwritable: no request was made" [ "$(stat 's["count"]["version"]')" = "$n_before" ]
	[ "$(id -u)" = 0 ] || chmod -R u+w "$data"
	untouched unwritable
fi

# 18. A data directory that is a file; a server that is not there; http
# to another host.
: >"$tmp/afile"
run datadir-file 2 'cannot create directory|not a directory' -- endpoints update --base-url "$base" --data-dir "$tmp/afile/x"
run refused-conn 2 'GET http://127.0.0.1:1/version/Worldwide: .*(refused|connect)' -- endpoints update --base-url http://127.0.0.1:1 --data-dir "$tmp/other"
run plain-http 2 'plain http is allowed only to' -- endpoints update --base-url http://endpoints.office.com --data-dir "$tmp/other"
run bad-retries 2 '--retries takes a number' -- endpoints update --retries 99 --data-dir "$tmp/other"
run rollback-nothing 2 'no catalog stored' -- endpoints rollback --data-dir "$tmp/empty"

# 19. One GUID for the whole installation, sent on every request.
check "one GUID throughout" [ "$(cat "$data/client-request-id")" = "$guid" ]
check "every request carried it" [ "$(stat 's["ids"]')" = "['$guid']" ]

# 20. Bounded time: ctest's TIMEOUT for this test (tests/CMakeLists.txt)
# stops a run whose retries never end; no wall-clock threshold here, which
# a loaded machine would break.

mr_finish
