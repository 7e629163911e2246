# Shared setup of the tests with a real Linux peer (sourced by tests/net/*.test).
#
# net_start NS CFG TAP...: creates network namespace NS with the TAP devices
# in it (Linux side: 10.77.<i>.1/24 on the i-th), starts bss-host inside it
# with the stack servers and the configuration file CFG, and waits for
# "netboot: ready". Everything is removed again on exit, also on failure.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
B=${BUILD:-build}
S=$B/servers
NET_SERVERS="$S/netboot.srv $S/queue.srv $S/pktpool.srv $S/ethdist.srv $S/route.srv $S/tapeth.srv
	$S/ipv4.srv $S/icmp.srv $S/udp.srv $S/echo.srv $S/statsd.srv"
NET_NS=
NET_PID=
NET_DIR=$(mktemp -d)

net_cleanup() {
	[ -n "$NET_PID" ] && kill "$NET_PID" 2>/dev/null && wait "$NET_PID" 2>/dev/null
	[ -n "$NET_NS" ] && ip netns del "$NET_NS" 2>/dev/null
	rm -rf "$NET_DIR"
}
trap net_cleanup EXIT

. tests/harness/check.sh

net_skip_unless_root() { skip_unless_netns "$(basename "$0" .test)"; }

nsx() { ip netns exec "$NET_NS" "$@"; }

net_start() {
	NET_NS=$1
	local cfg=$2
	shift 2
	ip netns del "$NET_NS" 2>/dev/null
	ip netns add "$NET_NS" || return 1
	nsx ip link set lo up
	local i=0
	for tap in "$@"; do
		nsx ip tuntap add dev "$tap" mode tap || return 1
		nsx ip addr add "10.77.$i.1/24" dev "$tap"
		nsx ip link set "$tap" up
		i=$((i + 1))
	done
	cp "$cfg" "$NET_DIR/net.cfg"
	# not through nsx: a function in the background is a subshell, whose
	# pid net_cleanup would kill, leaving bss-host running
	# shellcheck disable=SC2086
	ip netns exec "$NET_NS" "$B/bin/bss-host" $NET_SERVERS "$NET_DIR/net.cfg" \
		>"$NET_DIR/host.log" 2>&1 &
	NET_PID=$!
	for _ in $(seq 100); do
		grep -q '^netboot: ready' "$NET_DIR/host.log" && return 0
		kill -0 "$NET_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "bss-host did not come up:"
	cat "$NET_DIR/host.log"
	return 1
}

# The stack's counters (statsd): "name value" lines.
net_stats() { # net_stats IP
	nsx python3 - "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
for _ in range(3):
    s.sendto(b"stats", (sys.argv[1], 9999))
    try:
        print(s.recv(65535).decode(), end="")
        break
    except socket.timeout:
        pass
PY
}

# A counter's value, summed over the servers that report it (the IPv4 server
# checks Ethernet headers of the frames the driver gives it directly).
stat_of() { # stat_of NAME < stats
	awk -v n="$1" '$1 == n { v += $2; found = 1 } END { print found ? v : "missing" }'
}
