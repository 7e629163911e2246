# Shared result helpers of the shell tests (sourced). Each check prints one
# line that tools/run-tests counts:
#   pass NAME              "PASS: NAME"
#   fail NAME WHY          "FAIL: NAME: WHY"; counts it in CHECK_FAILED
#   skip NAME WHY          "SKIP: NAME: WHY", a check that cannot run here;
#                          never a pass (CI, running as root, fails on it)
#   check NAME CMD...      pass if CMD succeeds, else fail with the command
#   skip_unless_netns TAG  skips the whole script (exit 0) unless we are root
#                          and may create network namespaces
# CHECK_FAILED: the number of fail calls so far (in this shell, not in a
# subshell), for a script's exit status. CHECK_PREFIX, if set, goes before
# every NAME (a script whose checks all carry the same prefix).
# Every shell test prints its results through these; none prints its own.
CHECK_FAILED=0
# The Python parts of a test print through tests/harness/check.py (import check).
export PYTHONPATH="$PWD/tests/harness${PYTHONPATH:+:$PYTHONPATH}"
pass() { echo "PASS: ${CHECK_PREFIX-}$1"; }
fail() {
	echo "FAIL: ${CHECK_PREFIX-}$1: $2"
	CHECK_FAILED=$((CHECK_FAILED + 1))
}
skip() { echo "SKIP: ${CHECK_PREFIX-}$1: $2"; }
check() {
	local name=$1
	shift
	if "$@"; then pass "$name"; else fail "$name" "'$*' failed"; fi
}
skip_unless_netns() {
	local probe="bss-probe-$1-$$"
	if [ "$(id -u)" -ne 0 ]; then
		skip "$1" "needs root (network namespace and tap)"
		exit 0
	fi
	if ! ip netns add "$probe" 2>/dev/null; then
		skip "$1" "cannot create a network namespace"
		exit 0
	fi
	ip netns del "$probe"
}
