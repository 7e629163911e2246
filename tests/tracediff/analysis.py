#!/usr/bin/env python3
"""Checks of make tracediff's analysis (tools/tracediff_lib.py) on small
made-up traces of a made-up device: register naming from the BARs, DMA
roles, polls, EEPROM decoding, the alignment's categories, expectations,
and the errors bad input gets. Prints PASS/FAIL lines; run by
tests/tracediff/tracediff.test."""
import os
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
import tracediff_lib as T  # noqa: E402
from check import result  # noqa: E402 (tests/harness/check.py)

tmp = tempfile.mkdtemp()
failed = 0


def check(name, ok, why=""):
    global failed
    result(name, ok, why)
    failed += 0 if ok else 1


def write(name, text):
    p = os.path.join(tmp, name)
    with open(p, "w") as f:
        f.write(text)
    return p


MAP = """# a made-up NIC
device testnic
region-size 0x100
systems linux-x ours-x
reg 0x00 1 Cmd status bits=Reset:0x10,Empty:0x01
reg 0x04 4 RxRing dma=rx-ring
reg 0x08 4 TxStatus count=2 ring data=0xfff
reg 0x10 2 Mask
reg 0x12 2 Status status bits=RxOK:0x1,TxOK:0x4
reg 0x14 2 RxPtr data=0xffff
reg 0x20 1 EE
eeprom93c46 EE cs=0x08 sk=0x04 di=0x02 do=0x01 mode=0xc0:0x80
count tx-frames W TxStatus
"""


class Trace:
    """Writes QEMU 7.2 trace lines (log backend, timestamps) for testnic."""

    def __init__(self, base):
        self.lines, self.t, self.base = [], 0, base

    def _pre(self):
        self.t += 1
        return "42@1700000000.%06d:" % self.t

    def mark(self, n):
        self.lines.append(self._pre() + "memory_region_ops_write cpu -1 mr 0x5 addr 0x%x value 0x%x size 2 "
                          "name 'io'" % (T.MARK_PORT, n))

    def acc(self, op, off, val, size):
        self.lines.append(self._pre() + "memory_region_ops_%s cpu 0 mr 0x1 addr 0x%x value 0x%x size %d "
                          "name 'testnic'" % ("read" if op == "R" else "write", self.base + off, val, size))

    def cfg(self, op, off, val, size):
        data = self._pre() + "memory_region_ops_%s cpu 0 mr 0x2 addr 0xcfc value 0x%x size %d name " \
            "'pci-conf-data'" % ("read" if op == "R" else "write", val, size)
        ev = self._pre() + "pci_cfg_%s testnic 00:03.0 @0x%x %s 0x%x" % (
            "read" if op == "R" else "write", off, "->" if op == "R" else "<-", val)
        self.lines += [ev, data] if op == "R" else [data, ev]

    def noise(self):
        self.lines.append(self._pre() + "memory_region_ops_read cpu 0 mr 0x3 addr 0xfed000f0 value 0x1 size 4 "
                          "name 'hpet'")

    def ee_read(self, addr, alen, data):
        """8139too's read_eeprom: chip select, the READ command bit by bit, 16 bits out."""
        self.acc("W", 0x20, 0x80, 1)
        self.acc("W", 0x20, 0x88, 1)
        self.acc("R", 0x20, 0x88, 1)
        cmd = addr | (6 << alen)
        for i in range(4 + alen, -1, -1):
            v = 0x88 | (0x02 if cmd >> i & 1 else 0)
            self.acc("W", 0x20, v, 1)
            self.acc("R", 0x20, v, 1)
            self.acc("W", 0x20, v | 0x04, 1)
            self.acc("R", 0x20, v | 0x04, 1)
        self.acc("W", 0x20, 0x88, 1)
        self.acc("R", 0x20, 0x88, 1)
        for i in range(15, -1, -1):
            bit = data >> i & 1
            self.acc("W", 0x20, 0x8c, 1)
            self.acc("R", 0x20, 0x8c | bit, 1)
            self.acc("R", 0x20, 0x8c | bit, 1)
            self.acc("W", 0x20, 0x88, 1)
            self.acc("R", 0x20, 0x88, 1)
        self.acc("W", 0x20, 0x00, 1)
        self.acc("R", 0x20, 0x00, 1)

    def save(self, name):
        return write(name, "\n".join(self.lines) + "\n")


PHASES = ["init", "traffic"]


def system(base, ring, ours):
    """Both sides: the same init but for the DMA address; traffic where ours
    moves a transmission, adds a read, drops one and writes another mask."""
    t = Trace(base)
    t.mark(1)
    t.cfg("W", 0x10, base | 1, 4)  # firmware assigns BAR0 (I/O)
    t.cfg("R", 0x00, 0x813910ec, 4)
    t.noise()
    t.ee_read(7, 6, 0x5452)
    t.acc("W", 0x00, 0x10, 1)      # reset, then poll until the bit clears
    t.acc("R", 0x00, 0x10, 1)
    t.acc("R", 0x00, 0x10, 1)
    t.acc("R", 0x00, 0x00, 1)
    t.acc("W", 0x04, ring, 4)
    t.acc("R", 0x04, ring, 4)
    t.mark(2)
    # the same transmission early on both sides (so it is no anchor), then one
    # frame received: Linux sends inside its handling, ours after it
    tx = [("W", 0x08, 0x2003c, 4), ("R", 0x08, 0xa03c, 4), ("R", 0x12, 0x4, 2), ("W", 0x12, 0x4, 2)]
    if not ours:
        seq = tx + [("R", 0x12, 0x1, 2)] + tx + [("W", 0x14, 0x34, 2), ("W", 0x12, 0x1, 2),
                                                 ("R", 0x00, 0x01, 1), ("W", 0x10, 0x7f, 2)]
    else:  # Status reads 0x5 where Linux's read 0x1: a status register, not compared
        seq = tx + [("R", 0x12, 0x5, 2), ("W", 0x14, 0x34, 2), ("W", 0x12, 0x1, 2),
                    ("R", 0x12, 0x0, 2)] + tx + [("W", 0x10, 0x3f, 2)]
    for a in seq:
        t.acc(*a)
    t.mark(3)
    t.acc("W", 0x00, 0x00, 1)      # after the end marker: not in any phase
    return t


def run():
    m = T.RegMap.load(write("t.map", MAP))
    lin = system(0xc000, 0x2a40000, False).save("linux.trace")
    our = system(0xd000, 0x9da000, True).save("ours.trace")
    res = {}
    for role, path in (("linux", lin), ("ours", our)):
        raws = T.parse_trace(path, m)
        ph, missing = T.split_phases(raws, PHASES, path)
        check("%s-every-phase-marked" % role, missing == [], missing)
        n = T.Normaliser(m)
        res[role] = {p: T.normalise(ph[p], m, n) for p in PHASES}
        res[role + "-raw"] = ph
    check("phases-split-at-markers", [len(res["linux-raw"][p]) for p in PHASES] == [2 + 131 + 4 + 2, 13],
          [len(res["linux-raw"][p]) for p in PHASES])
    check("cfg-access-size-from-data-port", res["linux-raw"]["init"][1].size == 4,
          res["linux-raw"]["init"][1].size)
    texts = {r: [a.text() for a in res[r]["init"]] for r in ("linux", "ours")}
    check("register-name-from-bar", "W Cmd = 0x10(Reset)" in texts["ours"], texts["ours"])
    check("eeprom-read-decoded", "eeprom read @0x07 (6-bit address) = 0x5452" in texts["linux"], texts["linux"])
    check("poll-collapsed-until-bit-clears", "R Cmd x3 until Reset clear = 0x00" in texts["linux"], texts["linux"])
    check("dma-address-to-role", "W RxRing = <rx-ring>" in texts["linux"] and "W RxRing = <rx-ring>" in texts["ours"],
          texts["linux"])
    check("cfg-register-named", "cfg W BAR0 = 0x0000c001" in texts["linux"] and
          "cfg R VendorID/4 = 0x813910ec" in texts["linux"], texts["linux"])
    rows = T.align(res["linux"]["init"], res["ours"]["init"])
    c = T.counts(rows)
    # BAR0 differs (0xc001 vs 0xd001): the firmware's value, not the driver's
    check("init-same-but-bar", c["same"] == len(rows) - 1 and c["value_diff"] == 1, c)

    rows = T.align(res["linux"]["traffic"], res["ours"]["traffic"])
    kinds = [(r.kind, (r.linux or r.ours).text()) for r in rows]
    c = T.counts(rows)
    check("moved-run-found", sum(1 for k, _ in kinds if k == T.MOVED) == 4, kinds)
    check("only-linux-found", (T.ONLY_LINUX, "R Cmd = 0x01(Empty)") in kinds, kinds)
    check("only-ours-found", (T.ONLY_OURS, "R Status = 0x0000") in kinds, kinds)
    check("value-diff-found", (T.VALUE, "W Mask = 0x007f") in kinds, kinds)
    check("status-read-values-not-compared", c[T.SAME] == 7 and (T.SAME, "R Status = 0x0001(RxOK)") in kinds,
          kinds)

    exp = T.load_expectations(write("t.expect", """# test
[tx-later]
phases = traffic
side = moved
sequence = ^W TxStatus\\[\\d\\]
           ^R TxStatus
           ^R Status
           ^W Status = 0x0004
why = ours transmits after the poll.

[extra-read]
phases = tr*
side = ours
match = ^R Status
max = 1
why = a made-up reason.
"""))
    T.explain("traffic", rows, exp)
    c = T.counts(rows)
    check("sequence-explains-moved-run", exp[0].used == {"traffic": 4}, exp[0].used)
    check("match-explains-row", exp[1].used == {"traffic": 1}, exp[1].used)
    check("unexplained-stay-flagged", c["unexplained"] == 2 and c["explained"] == 5, c)
    check("explained-plus-unexplained-is-differences",
          c["explained"] + c["unexplained"] == c[T.ONLY_LINUX] + c[T.ONLY_OURS] + c[T.VALUE] + c[T.MOVED], c)
    js = T.report_json("testnic", PHASES, {p: {"rows": T.align(res["linux"][p], res["ours"][p])} for p in PHASES},
                       [], {})
    check("json-phase-keys", set(js["phases"]["traffic"]) >= {"same", "only_linux", "only_ours", "value_diff",
                                                               "explained", "unexplained"}, js["phases"]["traffic"])


def errors():
    def err(name, text, want, loader):
        p = write(name, text)
        try:
            loader(p)
        except T.InputError as e:
            ok = str(e).startswith(p + want)
            check("error-" + name, ok, str(e))
            return
        check("error-" + name, False, "accepted")

    err("unknown-directive.map", MAP + "frob 1\n", ":14: unknown directive", T.RegMap.load)
    err("bad-size.map", MAP + "reg 0x30 3 Odd\n", ":14: size must be", T.RegMap.load)
    err("overlap.map", MAP + "reg 0x09 1 Inside\n", ":14: Inside overlaps TxStatus", T.RegMap.load)
    err("no-device.map", MAP.replace("device testnic\n", ""), ": no device line", T.RegMap.load)
    err("bad-option.map", MAP + "reg 0x30 1 X volatile\n", ":14: unknown option 'volatile'", T.RegMap.load)
    err("bad-regex.expect", "[a]\nphases = x\nside = ours\nmatch = (\nwhy = w\n", ":4: bad regular expression",
        T.load_expectations)
    err("bad-side.expect", "[a]\nphases = x\nside = both\n", ":3: side 'both'", T.load_expectations)
    err("no-why.expect", "# c\n[a]\nphases = x\nside = ours\nmatch = y\n", ":2: [a] has no why",
        T.load_expectations)
    err("unknown-key.expect", "[a]\nphase = x\n", ":2: unknown key 'phase'", T.load_expectations)
    m = T.RegMap.load(write("t2.map", MAP))
    t = Trace(0xc000)
    t.acc("W", 0x00, 0x10, 1)
    t.mark(1)
    p = t.save("early.trace")
    try:
        T.split_phases(T.parse_trace(p, m), PHASES, p)
        check("error-access-before-marker", False, "accepted")
    except T.InputError as e:
        check("error-access-before-marker", str(e).startswith(p + ":1: device access before"), str(e))


run()
errors()
sys.exit(1 if failed else 0)
