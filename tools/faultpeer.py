#!/usr/bin/env python3
"""The Linux peer of a fault injection (tools/faults campaign, docs/faults.md).

    faultpeer.py IP SECONDS SEED      (run inside the test's network namespace)

Streams pseudo-random bytes (from SEED) through the guest's TCP echo server
for SECONDS at about 2 MiB/s, reads everything back and compares: a sha256
over what was sent and one over what came back. Meanwhile a UDP datagram
goes to the echo port every 10 ms, so that a restarted driver has a frame
to deliver within 10 ms of being ready (the campaign's recovery time ends
at that frame, not at the next TCP retransmission). A connection that breaks or
stalls for STALL_S is given up; the transfer starts again on a new one (a
reopen), at most REOPENS times. Then a UDP echo probe says whether the
system still answers. Prints one JSON object; besides the verdict it says
whether the first connection was opened at all (first_connected: a fault
that strikes before the guest answers ARP makes connect fail, which is no
broken connection) and the longest wait for echoed bytes on a connection
that was open (max_stall_s: what the peer saw of an outage).

FAULTPEER_READ_AFTER=S (tests/recover/recover.test): the first connection
reads nothing for S seconds, with a small receive buffer, so that the echo
server's writes block, it stops reading, and TCP holds what arrives.
"""
import os
import hashlib
import json
import random
import select
import socket
import sys
import time

CHUNK = 16384
PACE_S = 0.008          # one chunk per 8 ms: about 2 MiB/s
STALL_S = 8.0           # nothing echoed for this long: the connection is lost
REOPENS = 2
BEAT_S = 0.01           # a UDP datagram to the echo port every 10 ms


def transfer(ip, seconds, seed):
    """One connection: (sent, echoed, intact, error, longest wait for an echo)."""
    rng = random.Random(seed)
    tx, rx = hashlib.sha256(), hashlib.sha256()
    sent = echoed = 0
    pending = b""           # sent, not yet compared
    mismatch = None
    read_after = float(os.environ.get("FAULTPEER_READ_AFTER", "0"))
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    if read_after:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.settimeout(5)
    s.connect((ip, 7))
    s.setblocking(False)
    beat = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    beat.setblocking(False)
    start = last = time.time()
    next_send = next_beat = start
    done_sending = False
    stall = 0.0
    try:
        while True:
            now = time.time()
            if not done_sending and now - start >= seconds:
                done_sending = True
                s.shutdown(socket.SHUT_WR)
            if now >= next_beat:
                try:
                    beat.sendto(b"beat", (ip, 7))
                    while beat.recv(64):
                        pass
                except OSError:
                    pass
                next_beat = now + BEAT_S
            if not done_sending and now >= next_send:
                data = rng.randbytes(CHUNK)
                try:
                    n = s.send(data)
                except BlockingIOError:
                    n = 0
                if n:
                    tx.update(data[:n])
                    pending += data[:n]
                    sent += n
                next_send = now + PACE_S
            if now - start < read_after:
                last = now  # not reading is no stall
                time.sleep(0.004)
                continue
            r, _, _ = select.select([s], [], [], 0.004)
            if r:
                d = s.recv(1 << 20)
                if not d:
                    break
                stall = max(stall, now - last)
                rx.update(d)
                if mismatch is None and pending[:len(d)] != d:
                    mismatch = echoed
                pending = pending[len(d):]
                echoed += len(d)
                last = now
            if time.time() - last > STALL_S:
                return sent, echoed, False, "stalled: nothing echoed for %.0f s" % STALL_S, \
                    STALL_S
            if done_sending and echoed >= sent:
                break
    except OSError as e:
        return sent, echoed, False, "connection: %s" % e, max(stall, time.time() - last)
    finally:
        s.close()
        beat.close()
    ok = echoed == sent and tx.digest() == rx.digest()
    err = None if ok else ("corrupt at byte %s" % mismatch if mismatch is not None
                           else "short: %d of %d bytes" % (echoed, sent))
    return sent, echoed, ok, err, stall


def udp_probe(ip):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(1.0)
    msg = b"probe" * 20
    for _ in range(5):
        try:
            s.sendto(msg, (ip, 7))
            if s.recv(2048) == msg:
                return True
        except OSError:
            time.sleep(0.2)
    return False


def main():
    ip, seconds, seed = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    out = {"reopens": 0, "errors": [], "first_connected": False, "max_stall_s": 0.0}
    for attempt in range(REOPENS + 1):
        try:
            sent, echoed, ok, err, stall = transfer(ip, seconds if attempt == 0 else 1.0,
                                                    seed + attempt)
            out["first_connected"] |= attempt == 0
            out["max_stall_s"] = round(max(out["max_stall_s"], stall), 3)
            os.environ.pop("FAULTPEER_READ_AFTER", None)  # a reopened connection reads at once
        except OSError as e:
            sent, echoed, ok, err = 0, 0, False, "connect: %s" % e
            time.sleep(1.0)
        out.update(sent=sent, echoed=echoed, intact=ok)
        if ok:
            break
        out["errors"].append(err)
        if err and err.startswith("corrupt"):
            out["corrupt"] = True
            break
        out["reopens"] += 1
    out["answers"] = udp_probe(ip)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
