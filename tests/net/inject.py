#!/usr/bin/env python3
"""Injects crafted bad frames into the stack through a TAP device.

Usage: inject.py IFACE OUR_IP STACK_IP STACK_MAC

Runs on the Linux side (inside the test's network namespace) and writes raw
Ethernet frames with an AF_PACKET socket; each case is meant to hit one drop
reason of docs/network.md. Prints the cases it sent, one per line.
"""
import os
import socket
import struct
import sys

iface, our_ip, stack_ip, stack_mac = sys.argv[1:5]
dst_mac = bytes.fromhex(stack_mac.replace(":", ""))
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((iface, 0))
src_mac = s.getsockname()[4][:6]
ip_src = socket.inet_aton(our_ip)
ip_dst = socket.inet_aton(stack_ip)


def csum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def eth(payload, etype=0x0800, dst=None, src=None):
    return (dst or dst_mac) + (src or src_mac) + struct.pack("!H", etype) + payload


def ip(payload, proto=17, ident=1, frag=0, mf=False, total=None, ihl=5, ver=4,
       good_csum=True, src=None, dst=None):
    total = total if total is not None else 20 + len(payload)
    flags = (0x2000 if mf else 0) | (frag // 8)
    h = struct.pack("!BBHHHBBH4s4s", (ver << 4) | ihl, 0, total, ident, flags, 64, proto, 0,
                    src or ip_src, dst or ip_dst)
    c = csum(h)
    if not good_csum:
        c ^= 0x5555
    return h[:10] + struct.pack("!H", c) + h[12:] + payload


def udp(data, dport=7, sport=40000, good_csum=True, length=None):
    length = length if length is not None else 8 + len(data)
    h = struct.pack("!HHHH", sport, dport, length, 0)
    pseudo = ip_src + ip_dst + struct.pack("!BBH", 0, 17, 8 + len(data))
    c = csum(pseudo + h + data) or 0xFFFF
    if not good_csum:
        c ^= 0x0F0F
    return h[:6] + struct.pack("!H", c) + data


def icmp_echo(data, good_csum=True):
    h = struct.pack("!BBHHH", 8, 0, 0, 0x1234, 1)
    c = csum(h + data)
    if not good_csum:
        c ^= 0x0101
    return h[:2] + struct.pack("!H", c) + h[4:] + data


def arp(op, sha, spa, tha, tpa, htype=1):
    return struct.pack("!HHBBH6s4s6s4s", htype, 0x0800, 6, 4, op, sha, spa, tha, tpa)


def send(name, frame):
    s.send(frame)
    print(name)


ok_udp = udp(b"x" * 16)
send("ip-short", eth(ip(ok_udp)[:12]))
send("ip-bad-version", eth(ip(ok_udp, ver=6)))
send("ip-bad-ihl", eth(ip(ok_udp, ihl=3)))
send("ip-bad-len", eth(ip(ok_udp, total=1400)))
send("ip-bad-csum", eth(ip(ok_udp, good_csum=False)))
send("ip-not-for-us", eth(ip(ok_udp, dst=socket.inet_aton("10.77.0.99"))))
send("ip-bad-src", eth(ip(ok_udp, src=socket.inet_aton("224.0.0.5"))))
send("ip-no-proto", eth(ip(b"\0" * 20, proto=99)))
send("udp-bad-csum", eth(ip(udp(b"y" * 16, good_csum=False))))
send("udp-bad-len", eth(ip(udp(b"y" * 16, length=200))))
send("udp-short", eth(ip(b"\1\2\3")))
send("icmp-bad-csum", eth(ip(icmp_echo(b"z" * 32, good_csum=False), proto=1)))
send("icmp-short", eth(ip(b"\x08\0", proto=1)))
send("eth-not-for-us", eth(ip(ok_udp), dst=bytes.fromhex("02aabbccddee")))
send("eth-no-proto", eth(b"\0" * 46, etype=0x88B5))
send("eth-vlan", eth(b"\0" * 46, etype=0x8100))
send("eth-bad-src", eth(ip(ok_udp), src=bytes.fromhex("01005e000001")))

# fragments: overlapping, overlong, and a flood that never completes
payload = udp(os.urandom(1000))
send("frag-overlap-1", eth(ip(payload[:512], ident=0x4001, mf=True)))
send("frag-overlap-2", eth(ip(payload[256:768], ident=0x4001, frag=256, mf=True)))
send("frag-overlong", eth(ip(b"\0" * 512, ident=0x4002, frag=65528, mf=True)))
for i in range(64):
    send("frag-flood-%d" % i, eth(ip(payload[:512], ident=0x5000 + i, mf=True)))

# ARP: someone else claims our address; a bad hardware type
evil = bytes.fromhex("02deadbeef01")
send("arp-spoof-reply", eth(arp(2, evil, ip_dst, dst_mac, ip_dst), etype=0x0806, src=evil))
send("arp-spoof-request", eth(arp(1, evil, ip_dst, b"\0" * 6, ip_src), etype=0x0806, src=evil))
send("arp-bad-htype", eth(arp(1, src_mac, ip_src, b"\0" * 6, ip_dst, htype=6), etype=0x0806))
send("arp-short", eth(b"\0\1\x08\0", etype=0x0806))
