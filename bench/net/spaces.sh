#!/usr/bin/env bash
# What isolation costs the network, counted (docs/isolation.md; a measuring
# aid, not a test): boots the isolated QEMU system (tools/qemu-sys with
# QSYS_ISOLATED, lwIP TCP and its applications isolated too) in a network
# namespace, reads the kernel's counters (sysinfo.spaces, through statsd's
# UDP port) before and after moving MIB MiB into discard and MIB MiB out of
# chargen, and prints per MiB moved: openings of a space (a TLB flush each
# under TCG) by cause and pair of spaces, entries into ring 3 and system
# calls out of it, those by space and kind (spaces.sys.SPACE.KIND: a system
# call's name, or call.SERVICE for a call to another server). Needs root.
#
#   bench/net/spaces.sh [MIB]          (default 16)
#   SPACES_ISOLATED=shared ...         the configuration with shared domains
#   SPACES_ISOLATE="a.srv ..."         what else is isolated (default: TCP and its apps)
#   SPACES_DOMAIN="NAME a.srv ..."     what else is isolated in a domain (QSYS_DOMAIN)
#   SPACES_APPEND="spaceflush=full"    more kernel command line words (QSYS_APPEND)
set -u
cd "$(dirname "$0")/../.." || exit 1
B=${BUILD:-build}
MIB=${1:-16}
NS=bss-sp-$$ TAP=bssp0 IP=10.78.0.2
work=$(mktemp -d /tmp/bss-spaces.XXXXXX)
pid=

cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	ip netns del "$NS" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

ip netns add "$NS" || exit 1
ip netns exec "$NS" ip link set lo up
ip netns exec "$NS" ip tuntap add dev $TAP mode tap || exit 1
ip netns exec "$NS" ip addr add 10.78.0.1/24 dev $TAP
ip netns exec "$NS" ip link set $TAP up
cat >"$work/net.cfg" <<CFG
stack nic0
driver pci
tcp lwip-tcp
app echo
app statsd
app discard
app chargen
ip $IP/24
route 0.0.0.0/0 10.78.0.1
watchdog_ms 0
CFG
QSYS_DIR=$work/qemu QSYS_NETCFG=$work/net.cfg QSYS_SERVERS="lwip-tcp discard chargen" \
	QSYS_ISOLATED=${SPACES_ISOLATED:-1} \
	QSYS_ISOLATE=${SPACES_ISOLATE-lwip-tcp.srv discard.srv chargen.srv} \
	QSYS_DOMAIN=${SPACES_DOMAIN:-} QSYS_APPEND=${SPACES_APPEND:-} \
	ip netns exec "$NS" tools/qemu-sys rtl8139-6.1 "tap,ifname=$TAP,script=no,downscript=no" \
	"file:$work/serial.log" </dev/null >"$work/qemu.stderr" 2>&1 &
pid=$!
for _ in $(seq 600); do
	grep -q '^netboot: ready' "$work/serial.log" 2>/dev/null && break
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
grep -q '^netboot: ready' "$work/serial.log" 2>/dev/null || {
	echo "spaces: the system did not come up" >&2
	tail -n 20 "$work/serial.log" "$work/qemu.stderr" >&2
	exit 1
}
grep '^USPACE:' "$work/serial.log" | tr -d '\r'
sleep 2
qemu=$(pgrep -P "$pid" -x qemu-system-x86 || echo "$pid")
ip netns exec "$NS" python3 - "$IP" "$MIB" "$qemu" <<'PY'
import os, socket, sys, time

ip, mib, qemu = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def cpu():
    """QEMU's CPU time (all threads), as bench-net measures it"""
    f = open(f"/proc/{qemu}/stat").read().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")

def counters():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(5)
    for _ in range(5):
        s.sendto(b"?", (ip, 9999))
        try:
            text = s.recv(65536).decode()
            break
        except socket.timeout:
            continue
    else:
        sys.exit("spaces: no answer from statsd")
    return {k: int(v) for k, v in (l.split() for l in text.splitlines() if l.startswith("spaces."))}

def discard(n):
    s = socket.create_connection((ip, 9), timeout=30)
    buf = bytes(65536)
    for _ in range(n * 16):
        s.sendall(buf)
    s.close()

def chargen(n):
    s = socket.create_connection((ip, 19), timeout=30)
    left = n << 20
    while left > 0:
        d = s.recv(min(left, 1 << 16))
        if not d:
            break
        left -= len(d)
    s.close()

for what, move in (("host->guest", discard), ("guest->host", chargen)):
    a = counters()
    t, c = time.time(), cpu()
    move(mib)
    time.sleep(1 if what == "host->guest" else 0)  # discard's tail
    b = counters()
    print(f"{what}: {mib} MiB in {time.time() - t:.1f} s, QEMU CPU {(cpu() - c) * 1000 / mib:.0f} ms/MiB;"
          " per MiB (the statsd query's own included):")
    d = {k: b.get(k, 0) - a.get(k, 0) for k in b}
    for k in ("spaces.opens", "spaces.swept_pages", "spaces.scanned_ptes", "spaces.sweep_cycles", "spaces.entries", "spaces.syscalls"):
        print(f"  {k:40} {d.get(k, 0) / mib:10.0f}")
    rest = sorted(((v, k) for k, v in d.items() if k.count(".") >= 2 and ">" in k and v), reverse=True)
    for v, k in rest[:20]:
        print(f"  {k:40} {v / mib:10.0f}")
    sys_ = sorted(((v, k) for k, v in d.items() if k.startswith("spaces.sys.") and v), reverse=True)
    for v, k in sys_[:20]:
        print(f"  {k:40} {v / mib:10.0f}")
PY
