# shellcheck shell=bash
# TCP_TRANSPORT=qemu for tests/tcp/tcp.test (sourced by its system_start):
# the bundled kernel in QEMU (tools/qemu-sys) with a ported driver for its
# rtl8139 (TCP_QEMU_DRIVER: a driver server, default rtl8139-6.1, the
# 8139too port; 8139cp-6.1, pcnet32-6.1, e1000-6.1 are others) on a TAP device inside a network namespace
# whose Linux stack is the peer (10.77.0.1), as tests/port/qemu-serve.test
# does. The stack's configuration is tcp.test's hosted one with the NIC the
# PCI bus server found ("driver pci") instead of the TAP driver; the TCP
# server and the applications it names are loaded as modules.
#
# tcp_qemu_start CFG: sets NET_NS (nsx) and NET_PID (QEMU; netenv.sh's
# cleanup ends it and removes the namespace), the serial log goes to
# $NET_DIR/host.log; waits for "netboot: ready".

TCP_QEMU_DRIVER=${TCP_QEMU_DRIVER:-rtl8139-6.1}

tcp_qemu_start() {
	local cfg=$1 tap=bsst0 servers app
	[ -f "$S/$TCP_QEMU_DRIVER.srv" ] ||
		make --no-print-directory -s port >"$NET_DIR/port.log" 2>&1 || {
		echo "make port failed:"
		tail -n 5 "$NET_DIR/port.log"
		return 1
	}
	# the hosted configuration, on the PCI NIC (no TAP device to name)
	sed -e 's/^driver .*/driver pci/' -e '/^dev /d' "$cfg" >"$NET_DIR/qemu-net.cfg"
	# the TCP server and the applications it starts (echo and statsd are
	# tools/qemu-sys's own modules)
	servers=$(awk '$1 == "tcp" { print $2 }' "$NET_DIR/qemu-net.cfg")
	for app in $(awk '$1 == "app" { print $2 }' "$NET_DIR/qemu-net.cfg"); do
		case $app in echo | statsd) ;; *) servers="$servers $app" ;; esac
	done
	NET_NS=bss-tcpq-$$
	ip netns del "$NET_NS" 2>/dev/null
	ip netns add "$NET_NS" || return 1
	nsx ip link set lo up
	nsx ip tuntap add dev $tap mode tap || return 1
	nsx ip addr add 10.77.0.1/24 dev $tap
	nsx ip link set $tap up
	QSYS_DIR=$NET_DIR/qemu QSYS_NETCFG=$NET_DIR/qemu-net.cfg QSYS_SERVERS=$servers \
		ip netns exec "$NET_NS" tools/qemu-sys "$TCP_QEMU_DRIVER" \
		"tap,ifname=$tap,script=no,downscript=no" "file:$NET_DIR/host.log" \
		</dev/null >"$NET_DIR/qemu.stderr" 2>&1 &
	NET_PID=$!
	for _ in $(seq 600); do
		if grep -q '^netboot: ready' "$NET_DIR/host.log" 2>/dev/null; then
			# and the link (e1000 negotiates for a second or two after open;
			# qemu-serve.test's "link up" lines), else the first SYN is lost
			for _ in $(seq 100); do
				grep -qi "link up\|link is up\|, carrier on" "$NET_DIR/host.log" && break
				sleep 0.1
			done
			return 0
		fi
		kill -0 "$NET_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "the QEMU system did not come up; serial log:"
	tr -d '\r' <"$NET_DIR/host.log" 2>/dev/null | grep -v '^BOOT: mem\|^BOOT: module'
	cat "$NET_DIR/qemu.stderr"
	return 1
}
