# Sourced by the tests and benchmarks that run headless Chromium
# (tests/scripts/test-chromium-pac.sh, test-chromium-report.sh,
# bench/pac-chromium.sh): which Chromium, and the flags every run shares.
# Bash only (arrays).

# mr_chromium_find: chrome is the Chromium to run ($CHROMIUM, else
# chromium or chromium-browser on PATH); status 1 and chrome empty when
# there is none.
mr_chromium_find() {
	local c
	chrome=${CHROMIUM:-}
	if [ -n "$chrome" ]; then
		return 0
	fi
	for c in chromium chromium-browser; do
		if command -v "$c" >/dev/null 2>&1; then
			chrome=$(command -v "$c")
			return 0
		fi
	done
	return 1
}

# mr_chromium_need: mr_chromium_find, or the test is skipped (exit 77;
# FAILS under CI=true, see need.sh).
mr_chromium_need() {
	if ! mr_chromium_find; then
		. "$(dirname "${BASH_SOURCE[0]}")/need.sh"
		mr_need chromium "this test needs a real browser"
	fi
}

# mr_chromium_flags PROFILE: chrome_flags is the array of flags every
# headless run here starts with: no sandbox (root in CI), no GPU, a fresh
# profile in PROFILE (a new empty directory), and none of the browser's own
# background traffic (component updates, sync, first-run pages). What a run
# may reach on the network is up to the caller: --proxy-*,
# --host-resolver-rules.
mr_chromium_flags() {
	chrome_flags=(--headless --no-sandbox --disable-gpu --no-first-run
		--no-default-browser-check --disable-background-networking
		--disable-component-update --disable-sync --disable-extensions
		--user-data-dir="$1")
}
