# Sourced by the bench scripts (cli.sh, pac-vs-classify.sh, pac-speed.sh,
# usage.sh, instructions.sh) as
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
