# Sourced by the script tests: mr_need TOOL WHY -- a test whose peer tool
# is missing is SKIPPED (exit 77, ctest's SKIP_RETURN_CODE), never passed
# silently; under CI=true a missing tool FAILS the test, so CI proves
# everything. scripts/install-deps installs every tool named here.
mr_need() {
	local tool=$1
	shift
	command -v "$tool" >/dev/null 2>&1 && return 0
	if [ "${CI:-}" = true ]; then
		echo "FAIL: $tool not found ($*); scripts/install-deps installs it"
		echo "0 passed, 1 failed"
		exit 1
	fi
	echo "SKIP: $tool not found ($*); scripts/install-deps installs it"
	exit 77
}
