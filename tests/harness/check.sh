# Shared result helpers of the shell tests (sourced). Each check prints one
# line that tools/run-tests counts:
#   pass NAME              "PASS: NAME"
#   fail NAME WHY          "FAIL: NAME: WHY"
#   skip NAME WHY          "SKIP: NAME: WHY", a check that cannot run here;
#                          never a pass (CI, running as root, fails on it)
#   check NAME CMD...      pass if CMD succeeds, else fail with the command
#   skip_unless_netns TAG  skips the whole script (exit 0) unless we are root
#                          and may create network namespaces
pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1: $2"; }
skip() { echo "SKIP: $1: $2"; }
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
