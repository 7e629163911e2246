# shellcheck shell=bash disable=SC2034,SC2054
# The systems make bench-net compares, and the one function that starts
# them (sourced by tools/bench-net and tests/bench-net/*.test).
#
#   bench_start SYSTEM LOG   boots SYSTEM in QEMU (TCG, 256 MiB, one CPU,
#                            the system's NIC (bench_nic) on the tap $BN_TAP in the
#                            namespace $BN_NS), serial console into LOG, and
#                            waits for the first ICMP echo reply from
#                            $BN_GUEST. Sets QPID (QEMU's pid) and BOOT_S
#                            (seconds from starting QEMU to that reply, or
#                            empty), and BN_ERR on failure (return 1).
#   bench_stop               stops the QEMU started last
#   bench_available SYSTEM   prints why SYSTEM cannot run here (return 1),
#                            or nothing (return 0)
#   bench_ready_line SYSTEM  the console line (an ERE) SYSTEM prints once its
#                            interface is configured (tools/tracediff waits
#                            for it: a ping would put traffic into the boot)
#
# With BENCH_NET_PROFILE=1, ours-* also get QEMU's monitor on the unix socket
# BN_MONITOR, "loadmap nmiprof" on its command line, for tools/qemu-prof,
# and "-d nochain" (unbiased samples, a much slower guest: docs/bench-net.md);
# BENCH_NET_PROFILE=chained leaves QEMU's block chaining on.
# BENCH_NET_PROFILE=icount: "loadmap" only, and the plugin also counts per
# translated block (tbs=, for tools/qemu-iprof; needs BN_ICOUNT_SO).
# With BENCH_NET_ICOUNT=1, every system runs with the TCG plugin
# $BN_ICOUNT_SO (bench/net/icount.c) counting guest instructions into the
# file BN_ICOUNT, which measure.py reads around each transfer.
#
# A system is a name, a label and its QEMU arguments (bench_qemu_args); all
# share the same machine, NIC model, tap, addresses and host-side tools.
# Adding a system = one label line and one case in bench_available,
# bench_qemu_args and bench_ready_line. Ours come in four, one per driver the
# PCI driver database may load: two for QEMU's rtl8139, one for its e1000,
# one for its e1000e (an 82574L); each is compared with Linux on the same
# driver and NIC (BN_PAIRS). A fifth, ours-isolated, is ours-8139too with the driver, every stack
# server, TCP and the applications isolated, each in an address space of
# its own (docs/isolation.md: servers/net/boot/qemu/isolated.cfg plus lwIP
# and the apps); it is compared with ours-8139too, what isolation costs.
# ours-isolated-shared is the same with the stack's servers and TCP
# isolated together in one protection domain (isolated-shared.cfg), the
# driver and each app still in a space of its own; ours-isolated-net has
# the driver in that domain too (isolated-net.cfg).
BN_SYSTEMS="ours-8139cp linux-8139cp ours-8139too linux-8139too ours-e1000 linux-e1000 ours-e1000e linux-e1000e ours-isolated ours-isolated-shared ours-isolated-net"
BN_PAIRS="ours-8139cp/linux-8139cp ours-8139too/linux-8139too ours-e1000/linux-e1000 ours-e1000e/linux-e1000e ours-isolated/ours-8139too ours-isolated-shared/ours-8139too ours-isolated-net/ours-8139too"
BN_NS=${BN_NS:-bss-bn-$$}
BN_TAP=${BN_TAP:-bssbn0}
BN_HOST=10.79.0.1
BN_GUEST=10.79.0.2
B=${BUILD:-build}
BN_LINUX=$B/bench-net/linux
BN_BOOT_TIMEOUT=${BN_BOOT_TIMEOUT:-180}
BN_MEASURE=bench/net/measure.py

# ours-DRIVER: the server the driver database names for 10ec:8139
bench_ours_driver() {
	case $1 in
	ours-8139too | ours-isolated | ours-isolated-shared | ours-isolated-net) echo rtl8139-6.1 ;;
	ours-8139cp) echo 8139cp-6.1 ;;
	ours-e1000) echo e1000-6.1 ;;
	ours-e1000e) echo e1000e-6.1 ;;
	esac
}

# The QEMU NIC model of SYSTEM: the one its driver drives (tools/qemu-sys --nic)
bench_nic() {
	case $1 in
	*-e1000) echo e1000 ;;
	*-e1000e) echo e1000e ;;
	*) echo rtl8139 ;;
	esac
}

bench_label() {
	case $1 in
	ours-isolated) echo "BSS kernel + ported 8139too (6.1) + BSS stack$(bench_ours_tcp && echo " + lwIP TCP"), each isolated in ring 3" ;;
	ours-isolated-shared) echo "BSS kernel + ported 8139too (6.1) + BSS stack$(bench_ours_tcp && echo " + lwIP TCP") in ring 3, the stack in one shared domain" ;;
	ours-isolated-net) echo "BSS kernel + ported 8139too (6.1) + BSS stack$(bench_ours_tcp && echo " + lwIP TCP") in ring 3, all in one domain" ;;
	ours-*) echo "BSS kernel + ported ${1#ours-} (6.1) + BSS stack$(bench_ours_tcp && echo " + lwIP TCP")" ;;
	linux-8139too) echo "Linux $(cat "$BN_LINUX/kver" 2>/dev/null) + 8139too (same fixes)" ;;
	linux-8139cp) echo "Linux $(cat "$BN_LINUX/kver" 2>/dev/null) + stock 8139cp" ;;
	linux-e1000) echo "Linux $(cat "$BN_LINUX/kver" 2>/dev/null) + stock e1000" ;;
	linux-e1000e) echo "Linux $(cat "$BN_LINUX/kver" 2>/dev/null) + stock e1000e" ;;
	esac
}

# Our system: the bundled kernel, netboot with the PCI server, whose driver
# database loads the ported 8139too or 8139cp (6.1); the native stack; TCP
# (lwIP, kit transformed) with the discard and chargen apps when their
# server files exist. Mirrors tests/port/qemu-serve.test.
BN_OURS_SERVERS="netboot config pc pci queue pktpool ethdist route ipv4 icmp udp echo"
BN_OURS_TCP="lwip-tcp discard chargen"

bench_ours_tcp() { # are the TCP server files there? (otherwise: ICMP only)
	local s
	for s in $BN_OURS_TCP; do [ -f "$B/servers/$s.srv" ] || return 1; done
}

bench_available() {
	local s
	case $1 in
	ours-8139too | ours-8139cp | ours-e1000 | ours-e1000e | ours-isolated | ours-isolated-shared | ours-isolated-net)
		[ -f "$B/kernel/kernel.elf32" ] || { echo "$B/kernel/kernel.elf32 missing (make)"; return 1; }
		for s in $BN_OURS_SERVERS $(bench_ours_driver "$1"); do
			[ -f "$B/servers/$s.srv" ] || { echo "$B/servers/$s.srv missing (make, make port)"; return 1; }
		done
		;;
	linux-*)
		[ -f "$BN_LINUX/vmlinuz" ] && [ -f "$BN_LINUX/initrd.cpio.gz" ] ||
			{ echo "$BN_LINUX not built (bench/net/linux/build.sh)"; return 1; }
		;;
	*) echo "unknown system $1"; return 1 ;;
	esac
}

bench_ready_line() {
	case $1 in
	ours-*) echo '^netboot: ready' ;;
	linux-*) echo '^bench: ready' ;;
	*) return 1 ;;
	esac
}

BN_QARGS=()
BN_MONITOR=
bench_qemu_args() { # bench_qemu_args SYSTEM DIR: sets BN_QARGS, the system's own QEMU arguments
	local sys=$1 dir=$2
	BN_MONITOR=
	case $sys in
	ours-*)
		local S=$B/servers mods s tcp= drv id
		drv=$(bench_ours_driver "$sys")
		id=$(tools/qemu-sys --nic "$drv" | cut -d' ' -f2)
		bench_ours_tcp && tcp=1
		cat >"$dir/main.cfg" <<CFG
service machine pc.srv
service queues queue.srv
device pci pci.srv
pci $id $drv.srv
CFG
		if [ "$sys" = ours-isolated ]; then
			# isolated.cfg's rules (the driver and the stack), then TCP and its apps
			grep '^isolate ' servers/net/boot/qemu/isolated.cfg >>"$dir/main.cfg"
			[ -n "$tcp" ] && echo "isolate $(for s in $BN_OURS_TCP; do printf '%s.srv ' "$s"; done)" >>"$dir/main.cfg"
		elif [ "$sys" = ours-isolated-shared ] || [ "$sys" = ours-isolated-net ]; then
			# the driver alone (or in the domain too), the stack and TCP in the
			# domain, each app alone
			local c=isolated-shared.cfg d=netstack
			[ "$sys" = ours-isolated-net ] && c=isolated-net.cfg d=net
			grep '^isolate \|^domain ' "servers/net/boot/qemu/$c" >>"$dir/main.cfg"
			[ -n "$tcp" ] && echo "domain $d lwip-tcp.srv" >>"$dir/main.cfg" &&
				echo "isolate discard.srv chargen.srv" >>"$dir/main.cfg"
		fi
		{
			echo "stack nic0"
			echo "driver pci"
			[ -n "$tcp" ] && echo "tcp lwip-tcp"
			echo "app echo"
			[ -n "$tcp" ] && echo "app discard" && echo "app chargen"
			echo "ip $BN_GUEST/24"
			echo "route 0.0.0.0/0 $BN_HOST"
			# the scenario's traffic only, as on Linux: no driver watchdog
			# pinging the gateway when it hears nothing (docs/recovery.md)
			echo "watchdog_ms 0"
		} >"$dir/net.cfg"
		mods="$S/netboot.srv,$S/config.srv,$dir/main.cfg,$dir/net.cfg"
		for s in $BN_OURS_SERVERS $drv; do
			case $s in netboot | config) ;; *) mods+=",$S/$s.srv" ;; esac
		done
		[ -n "$tcp" ] && for s in $BN_OURS_TCP; do mods+=",$S/$s.srv"; done
		local append=init=netboot prof=()
		case ${BENCH_NET_PROFILE:-} in
		1 | chained)
			BN_MONITOR=$dir/monitor.sock
			rm -f "$BN_MONITOR"
			append+=" loadmap nmiprof"
			prof=(-monitor "unix:$BN_MONITOR,server,nowait")
			[ "$BENCH_NET_PROFILE" = 1 ] && prof+=(-d nochain)
			;;
		icount) append+=" loadmap" ;;
		esac
		BN_QARGS=(-device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel "$B/kernel/kernel.elf32"
			-append "$append" -initrd "$mods" "${prof[@]}")
		;;
	linux-8139too | linux-8139cp | linux-e1000 | linux-e1000e)
		BN_QARGS=(-kernel "$BN_LINUX/vmlinuz" -initrd "$BN_LINUX/initrd.cpio.gz"
			-append "console=ttyS0 quiet panic=-1 bench.drv=${sys#linux-} bench.ip=$BN_GUEST/24")
		;;
	esac
}

bench_netns_up() {
	ip netns del "$BN_NS" 2>/dev/null
	ip netns add "$BN_NS" || return 1
	ip netns exec "$BN_NS" ip link set lo up
	ip netns exec "$BN_NS" ip tuntap add dev "$BN_TAP" mode tap || return 1
	ip netns exec "$BN_NS" ip addr add "$BN_HOST/24" dev "$BN_TAP"
	ip netns exec "$BN_NS" ip link set "$BN_TAP" up
	# ARP retries every 10 ms (not 1 s) so boot-to-ping is not quantized
	ip netns exec "$BN_NS" sysctl -q "net.ipv4.neigh.$BN_TAP.retrans_time_ms=10"
}

bench_netns_down() {
	ip netns del "$BN_NS" 2>/dev/null
	return 0
}

QPID=
BN_ICOUNT=
BN_IRQS=
bench_start() {
	local sys=$1 log=$2 dir t0 r
	BOOT_S=
	BN_ERR=
	dir=$(dirname "$log")/$sys-cfg
	mkdir -p "$dir"
	bench_qemu_args "$sys" "$dir"
	ip netns exec "$BN_NS" ip neigh flush dev "$BN_TAP" 2>/dev/null
	: >"$log"
	# The pinger starts first (a Python start-up can take half a second) and
	# times from T0, written just before QEMU starts.
	rm -f "$dir/t0" "$dir/t0.ready" "$dir/ping.json"
	ip netns exec "$BN_NS" python3 "$BN_MEASURE" waitping "$BN_GUEST" "$dir/t0" "$BN_BOOT_TIMEOUT" \
		>"$dir/ping.json" &
	local ppid=$! i
	for i in $(seq 1000); do
		[ -e "$dir/t0.ready" ] || ! kill -0 "$ppid" 2>/dev/null && break
		sleep 0.01
	done
	# BENCH_NET_ICOUNT: the guest's instructions counted into a file (bench/net/icount.c)
	local icount=()
	BN_ICOUNT=
	if [ -n "${BN_ICOUNT_SO:-}" ]; then
		BN_ICOUNT=$dir/icount
		icount=(-plugin "$BN_ICOUNT_SO,out=$BN_ICOUNT")
		rm -f "$BN_ICOUNT.tbs"*
		[ "${BENCH_NET_PROFILE:-}" = icount ] && icount[1]+=",tbs=$BN_ICOUNT.tbs"
	fi
	# BENCH_NET_IRQS: the interrupt lines' raises traced into a file (measure.py)
	local irqs=()
	BN_IRQS=
	if [ -n "${BENCH_NET_IRQS:-}" ]; then
		BN_IRQS=$(realpath -m "$dir/irqs.trace")
		rm -f "$BN_IRQS"
		# e1000e's messages raise no line: QEMU traces each it sends
		irqs=(-trace pic_set_irq -trace e1000e_irq_msi_notify
			-trace e1000e_irq_msix_notify_vec -D "$BN_IRQS")
	fi
	t0=$(date +%s.%N)
	echo "$t0" >"$dir/t0.tmp" && mv "$dir/t0.tmp" "$dir/t0"
	ip netns exec "$BN_NS" qemu-system-x86_64 -accel tcg -m 256M -smp 1 -nodefaults \
		-display none -no-reboot -serial "file:$log" \
		-device "$(bench_nic "$sys"),romfile=,netdev=n0" \
		-netdev "tap,id=n0,ifname=$BN_TAP,script=no,downscript=no" \
		"${BN_QARGS[@]}" "${icount[@]}" "${irqs[@]}" </dev/null >"$log.stderr" 2>&1 &
	QPID=$!
	wait "$ppid"
	r=$(cat "$dir/ping.json")
	if ! kill -0 "$QPID" 2>/dev/null; then
		BN_ERR="QEMU exited during boot: $(tail -n 3 "$log.stderr" | tr '\n' ' ')"
		return 1
	fi
	BOOT_S=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1]).get("boot_to_ping_s", ""))' "$r" 2>/dev/null)
	if [ -z "$BOOT_S" ]; then
		BN_ERR="no ping reply within ${BN_BOOT_TIMEOUT}s"
		return 1
	fi
	[ "$(cat "/proc/$QPID/comm" 2>/dev/null)" = qemu-system-x86 ] ||
		{ BN_ERR="pid $QPID is not QEMU"; return 1; }
	return 0
}

bench_stop() {
	if [ -n "$QPID" ]; then
		kill "$QPID" 2>/dev/null
		wait "$QPID" 2>/dev/null
	fi
	QPID=
}
