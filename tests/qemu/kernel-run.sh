# Sourced by the tests/qemu/*.test scripts that boot the kernel with an init
# server: kernel_run LOG APPEND MODULE... boots QEMU (TCG, headless) with
# the given kernel command line and multiboot modules, the serial console
# (CR stripped) into LOG; sets rc to QEMU's exit status (33: init returned 0).
# The kernel is the test build's (it knows the test services, mk/kernel.mk)
# unless KERNEL_IMG names another.
B=${BUILD:-build}
KERNEL_IMG=${KERNEL_IMG:-$B/tests/kernel/kernel.elf32}

kernel_run() {
	local log=$1 append=$2
	shift 2
	local mods
	mods=$(IFS=,; echo "$*")
	timeout --kill-after=5 "${KERNEL_TIMEOUT:-120}" qemu-system-x86_64 -m 256M -nodefaults \
		-display none -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
		-kernel "$KERNEL_IMG" -serial stdio -append "$append" -initrd "$mods" \
		</dev/null 2>"$log.stderr" | tr -d '\r' >"$log"
	rc=${PIPESTATUS[0]}
}

kernel_status() {
	case $1 in
	33) echo "33 (init returned 0)" ;;
	35) echo "35 (init failed, or threads blocked forever)" ;;
	37) echo "37 (kernel panic)" ;;
	124 | 137) echo "$1 (timed out)" ;;
	*) echo "$1" ;;
	esac
}
