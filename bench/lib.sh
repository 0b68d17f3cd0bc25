# Sourced by the bench scripts (cli.sh, pac-vs-classify.sh, pac-speed.sh,
# pac-chromium.sh, usage.sh, instructions.sh) as
#   . "$(dirname "$0")/lib.sh"
# Each check prints "<script>: ..." on stderr and exits 2 when it fails.

bench_me=${0##*/}

# bench_args WHAT "$@": one or two arguments, <build-dir> [WHAT]; else the
# usage line.
bench_args() {
	local what=$1
	shift
	if [ $# -lt 1 ] || [ $# -gt 2 ]; then
		echo "usage: $0 <build-dir> [$what]" >&2
		exit 2
	fi
}

# bench_built BUILD FILE...: every FILE is an executable (built in BUILD).
bench_built() {
	local build=$1 x
	shift
	for x in "$@"; do
		if [ ! -x "$x" ]; then
			echo "$bench_me: $x not built (cmake --build $build)" >&2
			exit 2
		fi
	done
}

# bench_tools TOOL...: every TOOL is on PATH.
bench_tools() {
	local t
	for t in "$@"; do
		if ! command -v "$t" >/dev/null; then
			echo "$bench_me: $t not found (scripts/install-deps" \
				"installs it)" >&2
			exit 2
		fi
	done
}

# bench_python: py is the python3 to run, /usr/bin/python3 when there is
# one.
bench_python() {
	py=python3
	if [ -x /usr/bin/python3 ]; then
		py=/usr/bin/python3
	fi
}

# bench_tmpdir NAME: tmp is a new directory ${TMPDIR:-/tmp}/mr-NAME.XXXXXX,
# removed on exit.
bench_tmpdir() {
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/mr-$1.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT
}

# bench_pac_inputs ROOT BIN: the PAC files and host lists pac-speed.sh and
# pac-chromium.sh time, written to $tmp (bench_tmpdir first):
#   h1.txt, h10.txt    5,000 hosts each, every k-th name of
#                      tools/parity-corpus.py over the 2025 feed and over
#                      big.json (fixed)
#   big.json           tests/pac/synth-feed.py: the feed ten times over
#   ref1.pac           data/reference/ms-style-type2.pac (Get-PacFile style)
#   fast1.pac          BIN pac --type 2 on the 2025 feed (--style fast)
#   ref10.pac          BIN pac --type 2 --style compat on big.json
#                      (Get-PacFile's text byte for byte)
#   fast10.pac         BIN pac --type 2 on big.json
# feed is the 2025 feed's path.
bench_pac_inputs() {
	local root=$1 bin=$2
	feed=$root/data/endpoints/worldwide-2025-11-14.json
	python3 "$root/tests/pac/synth-feed.py" "$feed" 10 >"$tmp/big.json"
	bench_pac_sample "$root" "$feed" >"$tmp/h1.txt"
	bench_pac_sample "$root" "$tmp/big.json" >"$tmp/h10.txt"
	cp "$root/data/reference/ms-style-type2.pac" "$tmp/ref1.pac"
	"$bin" pac --catalog "$feed" --type 2 -o "$tmp/fast1.pac"
	"$bin" pac --catalog "$tmp/big.json" --type 2 --style compat \
		-o "$tmp/ref10.pac"
	"$bin" pac --catalog "$tmp/big.json" --type 2 -o "$tmp/fast10.pac"
}

# bench_pac_sample ROOT FEED: 5,000 names, every k-th of
# tools/parity-corpus.py over FEED.
bench_pac_sample() {
	python3 "$1/tools/parity-corpus.py" "$2" >"$tmp/all"
	awk -v n="$(wc -l <"$tmp/all")" 'BEGIN { k = n / 5000 }
		{ if (NR - 1 >= c * k) { print; c++ } }' "$tmp/all" | head -5000
}
