#!/usr/bin/env python3
"""Host side of make bench-net: one measurement per call, run inside the
benchmark's network namespace; prints one JSON object on stdout.

  measure.py waitping IP T0FILE TIMEOUT
                                      seconds from T0 to the first ICMP echo
                                      reply: opens its socket, creates
                                      T0FILE.ready, then waits for T0FILE
                                      (T0, epoch seconds, written just before
                                      QEMU is started) and pings from then on,
                                      so its own start-up is not measured
  measure.py rtt IP COUNT             ICMP round trips (ms): median, min, max
  measure.py h2g IP PORT MIB QPID     TCP host->guest: MIB MiB to the discard
                                      service; done when the guest has
                                      acknowledged every byte (send queue 0)
  measure.py g2h IP PORT MIB QPID     TCP guest->host: MIB MiB from chargen
  measure.py tcpprobe IP PORT         can a TCP connection be opened at all?

h2g and g2h take two optional arguments (either may be ""): the counter
file of bench/net/icount.c (BENCH_NET_ICOUNT=1): the guest's instructions are
read from it before connecting and after the last byte (insns_per_mib); and
QEMU's pic_set_irq and e1000e MSI traces (BENCH_NET_IRQS=1). When the plugin also keeps
per-block counts (BENCH_NET_PROFILE=icount: the file COUNTER.tbs), their
used part is copied to COUNTER.tbs.h2g.before / .after (g2h likewise) at the
same two points, for tools/qemu-iprof: the NIC's interrupts, the raises
of its line in the same span (irqs_per_mib, irq_line).

For h2g / g2h the QEMU process's CPU time (utime + stime of all its threads,
/proc/QPID/stat) is read right before connecting and right after the last
byte, so cpu_s covers exactly the transfer.
"""
import fcntl, json, os, re, socket, statistics, struct, sys, time

TIOCOUTQ = 0x5411


def out(obj):
    print(json.dumps(obj))
    sys.stdout.flush()


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        st = f.read()
    fields = st[st.rindex(")") + 2:].split()
    # fields[0] is field 3 (state); utime, stime are fields 14, 15
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def checksum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def icmp_socket():
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    s.setblocking(False)
    return s


def echo_request(ident, seq):
    payload = struct.pack("!d", time.time()) + bytes(48)
    hdr = struct.pack("!BBHHH", 8, 0, 0, ident, seq)
    return struct.pack("!BBHHH", 8, 0, checksum(hdr + payload), ident, seq) + payload


def is_reply(pkt, ident, ip):
    ihl = (pkt[0] & 0x0F) * 4
    if len(pkt) < ihl + 8 or socket.inet_ntoa(pkt[12:16]) != ip:
        return None
    t, _, _, i, seq = struct.unpack("!BBHHH", pkt[ihl:ihl + 8])
    return seq if t == 0 and i == ident else None


def wait_t0(path, limit=60.0):
    """T0 from the file the caller writes right before starting QEMU."""
    open(path + ".ready", "w").close()
    end = time.time() + limit
    while time.time() < end:
        try:
            with open(path) as f:
                return float(f.read())
        except (OSError, ValueError):
            time.sleep(0.0005)
    raise SystemExit("measure.py: %s never written" % path)


def waitping(ip, t0file, timeout, interval=0.01):
    import select
    s = icmp_socket()
    t0 = wait_t0(t0file)
    ident = os.getpid() & 0xFFFF
    seq = 0
    nxt = 0.0
    while time.time() - t0 < timeout:
        now = time.time()
        if now >= nxt:
            seq = (seq + 1) & 0xFFFF
            try:
                s.sendto(echo_request(ident, seq), (ip, 0))
            except OSError:
                pass  # no ARP answer yet (EHOSTUNREACH): keep trying
            nxt = now + interval
        r, _, _ = select.select([s], [], [], max(0.0, nxt - time.time()))
        if r:
            pkt = s.recv(65535)
            if is_reply(pkt, ident, ip) is not None:
                return out({"boot_to_ping_s": time.time() - t0, "probes": seq})
    out({"error": "no ping reply within %.0f s" % timeout})
    sys.exit(1)


def rtt(ip, count, interval=0.05):
    import select
    s = icmp_socket()
    ident = (os.getpid() + 1) & 0xFFFF
    rtts = []
    lost = 0
    for seq in range(1, count + 1):
        t = time.perf_counter()
        s.sendto(echo_request(ident, seq), (ip, 0))
        got = False
        while not got:
            left = 1.0 - (time.perf_counter() - t)
            if left <= 0:
                break
            r, _, _ = select.select([s], [], [], left)
            if r and is_reply(s.recv(65535), ident, ip) == seq:
                rtts.append((time.perf_counter() - t) * 1000.0)
                got = True
        lost += 0 if got else 1
        time.sleep(max(0.0, interval - (time.perf_counter() - t)))
    if not rtts:
        out({"error": "no ICMP reply to %d echo requests" % count})
        sys.exit(1)
    out({"rtt_ms": statistics.median(rtts), "rtt_min_ms": min(rtts), "rtt_max_ms": max(rtts),
         "count": count, "lost": lost})


def connect(ip, port, timeout=10.0):
    s = socket.create_connection((ip, port), timeout=timeout)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def insns(path):
    """The guest's instructions so far (icount.c's counter), None without one."""
    if not path:
        return None
    with open(path, "rb") as f:
        return struct.unpack("=Q", f.read(8))[0]


def tbs_snapshot(icount, name):
    """Copies the used part of icount.c's per-block counts (tbs=) to COUNTER.tbs.NAME."""
    if not icount or not os.path.exists(icount + ".tbs"):
        return
    with open(icount + ".tbs", "rb") as f:
        used = struct.unpack("=Q", f.read(8))[0]
        f.seek(0)
        data = f.read(16 + 16 * used)
    with open("%s.tbs.%s" % (icount, name), "wb") as f:
        f.write(data)


def irq_raises(path):
    """The device's interrupts so far by line, from QEMU's traces; None without one.

    pic_set_irq: raises of a legacy line (key: its number). QEMU routes an
    ISA interrupt line to the 8259 and the I/O APIC alike, so the count is
    the device's interrupts whichever of them the guest uses. A message
    (MSI, MSI-X) touches no line: QEMU's e1000e traces each one it sends
    (keys "msi" and "msix", MSI-X's vectors summed).
    """
    if not path:
        return None
    n = {}
    with open(path, errors="replace") as f:
        for line in f:
            m = re.search(r"pic_set_irq master (\d) irq (\d+) level 1", line)
            if m:
                k = int(m.group(2)) + (0 if m.group(1) == "1" else 8)
            elif re.search(r"e1000e_irq_msi_notify ", line):
                k = "msi"
            elif re.search(r"e1000e_irq_msix_notify_vec ", line):
                k = "msix"
            else:
                continue
            n[k] = n.get(k, 0) + 1
    return n


def transfer_done(s, mib, t0, c0, qpid, icount=None, i0=None, trace=None, q0=None, tag=""):
    """Ends a transfer begun at t0 (QEMU CPU c0, i0 guest instructions): prints its result."""
    t1 = time.perf_counter()
    c1 = cpu_seconds(qpid)
    i1 = insns(icount)
    tbs_snapshot(icount, tag + ".after")
    q1 = irq_raises(trace)
    s.close()
    secs = t1 - t0
    r = {"mib": mib, "secs": secs, "mib_per_s": mib / secs, "cpu_s": c1 - c0,
         "cpu_ms_per_mib": (c1 - c0) * 1000.0 / mib}
    if i1 is not None:
        r["insns_per_mib"] = (i1 - i0) / mib
    if q1 is not None:
        # the NIC's line: the busiest but the timer's (0) and the cascade (2)
        d = {k: v - q0.get(k, 0) for k, v in q1.items() if k not in (0, 2)}
        line = max(d, key=d.get) if d else None
        r["irq_line"] = line
        r["irqs_per_mib"] = (d[line] if d else 0) / mib
    out(r)


def h2g(ip, port, mib, qpid, icount=None, trace=None, limit=300.0):
    buf = bytes(1 << 20)
    tbs_snapshot(icount, "h2g.before")
    i0 = insns(icount)
    q0 = irq_raises(trace)
    c0 = cpu_seconds(qpid)
    t0 = time.perf_counter()
    s = connect(ip, port)
    s.settimeout(limit)
    for _ in range(mib):
        s.sendall(buf)
    # all sent: wait until the guest has acknowledged every byte
    while True:
        q = struct.unpack("i", fcntl.ioctl(s.fileno(), TIOCOUTQ, b"\0\0\0\0"))[0]
        if q == 0:
            break
        if time.perf_counter() - t0 > limit:
            out({"error": "%d bytes still unacknowledged after %.0f s" % (q, limit)})
            sys.exit(1)
        time.sleep(0.0005)
    transfer_done(s, mib, t0, c0, qpid, icount, i0, trace, q0, "h2g")


def g2h(ip, port, mib, qpid, icount=None, trace=None, limit=300.0):
    tbs_snapshot(icount, "g2h.before")
    want = mib << 20
    i0 = insns(icount)
    q0 = irq_raises(trace)
    c0 = cpu_seconds(qpid)
    t0 = time.perf_counter()
    s = connect(ip, port)
    s.settimeout(limit)
    buf = bytearray(1 << 20)
    got = 0
    while got < want:
        n = s.recv_into(buf, min(len(buf), want - got))
        if n == 0:
            out({"error": "connection closed after %d of %d bytes" % (got, want)})
            sys.exit(1)
        got += n
    transfer_done(s, mib, t0, c0, qpid, icount, i0, trace, q0, "g2h")


def tcpprobe(ip, port):
    try:
        connect(ip, port, timeout=5.0).close()
        out({"ok": True})
    except OSError as e:
        out({"ok": False, "error": "TCP connect to %s:%d: %s" % (ip, port, e.strerror or e)})
        sys.exit(1)


def main(a):
    try:
        if a[0] == "waitping":
            waitping(a[1], a[2], float(a[3]))
        elif a[0] == "rtt":
            rtt(a[1], int(a[2]))
        elif a[0] in ("h2g", "g2h"):
            (h2g if a[0] == "h2g" else g2h)(a[1], int(a[2]), int(a[3]), int(a[4]),
                                                  a[5] if len(a) > 5 and a[5] else None,
                                                  a[6] if len(a) > 6 and a[6] else None)
        elif a[0] == "tcpprobe":
            tcpprobe(a[1], int(a[2]))
        else:
            raise SystemExit("measure.py: unknown command %s" % a[0])
    except (OSError, socket.timeout) as e:
        out({"error": "%s: %s" % (a[0], e)})
        sys.exit(1)


if __name__ == "__main__":
    main(sys.argv[1:])
