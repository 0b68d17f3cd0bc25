# Sourced by the script tests, next to need.sh: the pieces their heads and
# tails share. A test sources it as
#   . "$(dirname "$0")/lib.sh"
# (ctest runs each one as `bash <absolute path> <cli> <repo-root>`).

# mr_start "$@": exactly the two arguments, else the usage line and exit
# 2; cli is the CLI, root the repository root, and the pass and fail
# counts start at 0.
mr_start() {
	if [ $# -ne 2 ]; then
		echo "usage: $0 <path-to-m365route> <repo-root>" >&2
		exit 2
	fi
	cli=$1
	root=$2
	pass=0
	fail=0
}

# mr_abs_paths: cli and root as absolute paths (for a test that changes
# directory).
mr_abs_paths() {
	cli=$(cd "$(dirname "$cli")" && pwd)/$(basename "$cli")
	root=$(cd "$root" && pwd)
}

# mr_python: py is the python3 to run, /usr/bin/python3 when there is one.
mr_python() {
	py=python3
	if [ -x /usr/bin/python3 ]; then
		py=/usr/bin/python3
	fi
}

# mr_tmpdir [TEMPLATE]: tmp is a new temporary directory (mktemp -d
# TEMPLATE), removed on exit.
mr_tmpdir() {
	tmp=$(mktemp -d "$@") || exit 2
	trap 'rm -rf "$tmp"' EXIT
}

# mr_finish: the "N passed, M failed" line of pass and fail; the exit
# status is 0 only when fail is 0.
mr_finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit $?
}
