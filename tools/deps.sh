#!/usr/bin/env bash
# Installs the Debian packages the project uses (idempotent).
#   tools/deps.sh          install what is missing
#   tools/deps.sh --check  exit 1 and list what is missing, install nothing
set -euo pipefail
pkgs=(
	build-essential binutils python3 make git xz-utils
	qemu-system-x86 gdb
	coccinelle
	clang clang-format libclang-rt-14-dev llvm
	check valgrind
	iproute2 iputils-ping iputils-arping socat netcat-openbsd curl tcpdump
	busybox-static cpio
)
missing=()
for p in "${pkgs[@]}"; do
	# compared here, not with "| grep -q": under pipefail, a writer that
	# grep -q stops reading from can die of SIGPIPE and fail the pipeline
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) || st=
	[ "$st" = "install ok installed" ] || missing+=("$p")
done
if [ "${1:-}" = "--check" ]; then
	if [ ${#missing[@]} -gt 0 ]; then
		echo "deps: missing Debian packages: ${missing[*]}" >&2
		exit 1
	fi
	exit 0
fi
if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: all ${#pkgs[@]} Debian packages present"
	exit 0
fi
echo "deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: need root to run apt-get (missing: ${missing[*]})" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
