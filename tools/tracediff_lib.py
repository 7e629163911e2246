"""Behavioural diff of a ported driver against Linux's build of it.

Used by tools/tracediff (docs/porting/tracediff.md). The input is two QEMU
7.2 traces of the same scenario (log backend, -msg timestamp=on, events
memory_region_ops_read/write and pci_cfg_read/write), one per system; the
scenario's phases are marked in them by writes of the QEMU monitor to an
unassigned I/O port (cpu -1: no guest can make them). Steps:

  parse      the device's register and PCI-config accesses, the markers
  normalise  addresses to register names (the driver's register map),
             DMA addresses to buffer roles, values the traffic decides
             masked, timing dropped, consecutive reads of one register
             collapsed into one poll ("read X until bit Y"), EEPROM
             bit-banging decoded into EEPROM reads
  align      per phase, Linux's accesses against ours: anchored where both
             handle the same frame, in order between anchors (difflib),
             runs out of order found again: same, only Linux, only ours,
             value differs, moved
  explain    every difference against the driver's expectation file
  report     JSON and HTML

Map and expectation files are parsed here; an error names file and line.
"""
import bisect
import difflib
import fnmatch
import html
import re

MARK_PORT = 0x7E0  # unassigned on QEMU's pc machine; written only by the monitor


class InputError(Exception):
    """Bad map, expectation or trace file: the message names file and line."""


def _int(tok, where):
    try:
        return int(tok, 0)
    except ValueError:
        raise InputError("%s: not a number: %r" % (where, tok)) from None


# ---------------------------------------------------------------- register map

class Reg:
    def __init__(self, off, size, name, count=1, where=""):
        self.off, self.size, self.name, self.count = off, size, name, count
        self.status = False   # read values depend on timing: not compared
        self.ignore = False   # values never compared
        self.data = 0         # bits the traffic decides (lengths, offsets): not compared
        self.dma = None       # values are DMA addresses of this buffer role
        self.bits = []        # [(name, mask)] for display
        self.ring = False     # an array the driver cycles through: the index is state, not identity
        self.where = where

    def contains(self, off):
        return self.off <= off < self.off + self.size * self.count


# Standard type-0 PCI configuration header (PCI Local Bus Specification 3.0, 6.1).
PCI_HEADER = [
    (0x00, 2, "VendorID"), (0x02, 2, "DeviceID"), (0x04, 2, "Command"), (0x06, 2, "Status"),
    (0x08, 1, "RevisionID"), (0x09, 1, "ProgIF"), (0x0A, 2, "ClassCode"),
    (0x0C, 1, "CacheLineSize"), (0x0D, 1, "LatencyTimer"), (0x0E, 1, "HeaderType"),
    (0x0F, 1, "BIST"), (0x10, 4, "BAR0"), (0x14, 4, "BAR1"), (0x18, 4, "BAR2"),
    (0x1C, 4, "BAR3"), (0x20, 4, "BAR4"), (0x24, 4, "BAR5"), (0x28, 4, "CardbusCIS"),
    (0x2C, 2, "SubsystemVendorID"), (0x2E, 2, "SubsystemID"), (0x30, 4, "ExpansionROM"),
    (0x34, 1, "CapabilitiesPtr"), (0x3C, 1, "InterruptLine"), (0x3D, 1, "InterruptPin"),
    (0x3E, 1, "MinGnt"), (0x3F, 1, "MaxLat"),
]
PCI_COMMAND_BITS = [("IO", 0x1), ("Memory", 0x2), ("BusMaster", 0x4), ("Special", 0x8),
                    ("MWI", 0x10), ("VGASnoop", 0x20), ("Parity", 0x40), ("SERR", 0x100),
                    ("FastB2B", 0x200), ("INTxDisable", 0x400)]


class RegMap:
    """A driver's register map (ported/<drv>/tracediff.map)."""

    def __init__(self):
        self.path = None
        self.device = None        # QEMU -device model
        self.regions = []         # memory-region names of its register BARs
        self.pci_name = None      # its name in pci_cfg_* events
        self.region_size = None   # bytes per register BAR
        self.systems = None       # (linux system, our system) of bench/net/systems.sh
        self.regs = []
        self.cfg = []
        self.eeprom = None        # dict: reg, cs, sk, di, do, mode_mask, mode
        self.counts = []          # (name, op, register): accesses counted per phase
        for off, size, name in PCI_HEADER:
            r = Reg(off, size, name, where="PCI header")
            if name == "Command":
                r.bits = PCI_COMMAND_BITS
            if name in ("Status",):
                r.status = True
            self.cfg.append(r)

    @staticmethod
    def load(path):
        m = RegMap()
        m.path = path
        try:
            lines = open(path).read().splitlines()
        except OSError as e:
            raise InputError("%s: %s" % (path, e.strerror)) from None
        for n, line in enumerate(lines, 1):
            where = "%s:%d" % (path, n)
            words = line.split("#", 1)[0].split()
            if not words:
                continue
            d, args = words[0], words[1:]
            if d == "device":
                if len(args) != 1:
                    raise InputError("%s: device takes one QEMU device name" % where)
                m.device = args[0]
            elif d == "region":
                if not args:
                    raise InputError("%s: region takes memory-region names" % where)
                m.regions += args
            elif d == "pci-name":
                if len(args) != 1:
                    raise InputError("%s: pci-name takes one name" % where)
                m.pci_name = args[0]
            elif d == "region-size":
                if len(args) != 1:
                    raise InputError("%s: region-size takes one number" % where)
                m.region_size = _int(args[0], where)
                if m.region_size <= 0 or m.region_size & (m.region_size - 1):
                    raise InputError("%s: region-size must be a power of two" % where)
            elif d == "systems":
                if len(args) != 2:
                    raise InputError("%s: systems takes two bench-net systems: LINUX OURS" % where)
                m.systems = tuple(args)
            elif d in ("reg", "cfg"):
                r = m._reg(args, where, d)
                (m.regs if d == "reg" else m.cfg).append(r)
            elif d == "eeprom93c46":
                m.eeprom = m._eeprom(args, where)
            elif d == "count":
                if len(args) != 3 or args[1] not in ("R", "W"):
                    raise InputError("%s: count NAME R|W REGISTER" % where)
                if not any(r.name == args[2] for r in m.regs):
                    raise InputError("%s: count: no register %s above this line" % (where, args[2]))
                m.counts.append(tuple(args))
            else:
                raise InputError("%s: unknown directive %r (device, region, pci-name, "
                                 "region-size, systems, reg, cfg, eeprom93c46, count)" % (where, d))
        for what in ("device", "region_size", "systems"):
            if getattr(m, what) is None:
                raise InputError("%s: no %s line" % (path, what.replace("_", "-")))
        m.regions = m.regions or [m.device]
        m.pci_name = m.pci_name or m.device
        if m.eeprom and not m.reg_at(m.eeprom["off"]):
            raise InputError("%s: eeprom93c46 register is not in the map" % path)
        for i, a in enumerate(m.regs):
            for b in m.regs[i + 1:]:
                if a.off < b.off + b.size * b.count and b.off < a.off + a.size * a.count:
                    raise InputError("%s: %s overlaps %s (%s)" % (b.where, b.name, a.name, a.where))
        return m

    def _reg(self, args, where, kind):
        # reg OFFSET SIZE NAME [count=N] [ring] [status] [ignore] [data=MASK] [dma=ROLE] [bits=N:M,...]
        if len(args) < 3:
            raise InputError("%s: %s OFFSET SIZE NAME [options]" % (where, kind))
        off, size = _int(args[0], where), _int(args[1], where)
        if size not in (1, 2, 4):
            raise InputError("%s: size must be 1, 2 or 4" % where)
        name = args[2]
        if not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name):
            raise InputError("%s: bad register name %r" % (where, name))
        r = Reg(off, size, name, where=where)
        for opt in args[3:]:
            k, eq, v = opt.partition("=")
            if k == "count" and eq:
                r.count = _int(v, where)
            elif k == "status" and not eq:
                r.status = True
            elif k == "ring" and not eq:
                r.ring = True
            elif k == "ignore" and not eq:
                r.ignore = True
            elif k == "data" and eq:
                r.data = _int(v, where)
            elif k == "dma" and eq and v:
                r.dma = v
            elif k == "bits" and eq:
                for b in v.split(","):
                    bn, c, bm = b.partition(":")
                    if not c or not bn:
                        raise InputError("%s: bits=NAME:MASK,... (got %r)" % (where, b))
                    r.bits.append((bn, _int(bm, where)))
            else:
                raise InputError("%s: unknown option %r (count=N, ring, status, ignore, data=MASK, "
                                 "dma=ROLE, bits=NAME:MASK,...)" % (where, opt))
        if kind == "cfg":
            self.cfg = [c for c in self.cfg if not (c.off == off)]
        return r

    def _eeprom(self, args, where):
        if not args:
            raise InputError("%s: eeprom93c46 REGISTER cs=M sk=M di=M do=M mode=MASK:VALUE" % where)
        e = {"name": args[0]}
        for opt in args[1:]:
            k, eq, v = opt.partition("=")
            if not eq or k not in ("cs", "sk", "di", "do", "mode"):
                raise InputError("%s: unknown eeprom93c46 option %r" % (where, opt))
            if k == "mode":
                mm, c, mv = v.partition(":")
                if not c:
                    raise InputError("%s: mode=MASK:VALUE" % where)
                e["mode_mask"], e["mode"] = _int(mm, where), _int(mv, where)
            else:
                e[k] = _int(v, where)
        for k in ("cs", "sk", "di", "do", "mode"):
            if k not in e:
                raise InputError("%s: eeprom93c46 needs %s=" % (where, k))
        reg = [r for r in self.regs if r.name == e["name"]]
        if not reg:
            raise InputError("%s: eeprom93c46: no register %s above this line" % (where, e["name"]))
        e["off"] = reg[0].off
        return e

    def reg_at(self, off, cfg=False):
        for r in (self.cfg if cfg else self.regs):
            if r.contains(off):
                return r
        return None


# ---------------------------------------------------------------- parsing

_PREFIX = r"^(?:\d+@(?P<t>\d+\.\d+):)?"
_RE_MR = re.compile(_PREFIX + r"memory_region_ops_(?P<op>read|write) cpu (?P<cpu>-?\d+) mr 0x[0-9a-f]+ "
                    r"addr 0x(?P<addr>[0-9a-f]+) value 0x(?P<val>[0-9a-f]+) size (?P<size>\d+) "
                    r"name '(?P<name>[^']*)'")
_RE_CFG = re.compile(_PREFIX + r"pci_cfg_(?P<op>read|write) (?P<name>\S+) (?P<bdf>[0-9a-f]+:[0-9a-f]+\.[0-9a-f]+) "
                     r"@0x(?P<off>[0-9a-f]+) (?:->|<-) 0x(?P<val>[0-9a-f]+)")


class Raw:
    """One device access or marker as traced."""
    __slots__ = ("line", "t", "space", "op", "addr", "size", "value", "marker")

    def __init__(self, line, t, space, op, addr, size, value, marker=None):
        self.line, self.t, self.space, self.op = line, t, space, op
        self.addr, self.size, self.value, self.marker = addr, size, value, marker


def keep_line(line, regmap):
    """Is this raw trace line needed for the analysis (tools/tracediff filters with it)?"""
    if "memory_region_ops_" in line:
        m = _RE_MR.match(line)
        if not m:
            return False
        if m.group("name") in regmap.regions or m.group("name") == "pci-conf-data":
            return True
        return m.group("cpu") == "-1" and m.group("name") == "io" and int(m.group("addr"), 16) == MARK_PORT
    if "pci_cfg_" in line:
        m = _RE_CFG.match(line)
        return bool(m) and m.group("name") == regmap.pci_name
    return False


def parse_trace(path, regmap):
    """The device's accesses and the monitor's markers, in trace order.
    PCI config events carry no access size: it comes from the data-port
    access around them (after a read's event, before a write's)."""
    out = []
    pending_read = None   # cfg read waiting for the following pci-conf-data read
    last_data_write = None
    try:
        f = open(path, errors="replace")
    except OSError as e:
        raise InputError("%s: %s" % (path, e.strerror)) from None
    with f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if "memory_region_ops_" in line:
                m = _RE_MR.match(line)
                if not m:
                    continue
                name, op = m.group("name"), m.group("op")
                addr, size = int(m.group("addr"), 16), int(m.group("size"))
                val = int(m.group("val"), 16)
                t = float(m.group("t")) if m.group("t") else None
                if name == "pci-conf-data":
                    if op == "read" and pending_read is not None:
                        pending_read.size = size
                        pending_read = None
                    elif op == "write":
                        last_data_write = (n, size)
                    continue
                if m.group("cpu") == "-1" and name == "io" and addr == MARK_PORT:
                    out.append(Raw(n, t, "marker", "W", addr, size, val, marker=val))
                    continue
                if name not in regmap.regions:
                    continue
                out.append(Raw(n, t, "reg", "R" if op == "read" else "W", addr, size, val))
            elif "pci_cfg_" in line:
                m = _RE_CFG.match(line)
                if not m or m.group("name") != regmap.pci_name:
                    continue
                t = float(m.group("t")) if m.group("t") else None
                r = Raw(n, t, "cfg", "R" if m.group("op") == "read" else "W",
                        int(m.group("off"), 16), None, int(m.group("val"), 16))
                if r.op == "R":
                    pending_read = r
                elif last_data_write and n - last_data_write[0] <= 2:
                    r.size = last_data_write[1]
                out.append(r)
    return out


def split_phases(raws, phases, path):
    """{phase: [Raw]}; marker value i (1-based) starts phases[i-1], the
    value len(phases)+1 ends the last one. Accesses before the first
    marker cannot happen (QEMU starts stopped) and are an error."""
    out = {p: [] for p in phases}
    cur = None
    seen = []
    for r in raws:
        if r.marker is not None:
            if r.marker == len(phases) + 1:
                cur = None
                seen.append(r.marker)
                continue
            if not 1 <= r.marker <= len(phases):
                raise InputError("%s:%d: marker %d names no phase (1..%d)" % (path, r.line, r.marker, len(phases)))
            cur = phases[r.marker - 1]
            seen.append(r.marker)
            continue
        if cur is None:
            if seen and seen[-1] == len(phases) + 1:
                continue  # after the end marker: QEMU shutting down
            raise InputError("%s:%d: device access before the first phase marker" % (path, r.line))
        out[cur].append(r)
    missing = [p for i, p in enumerate(phases, 1) if i not in seen]
    return out, missing


# ---------------------------------------------------------------- normalisation

class Access:
    """One normalised access (or collapsed poll, or EEPROM transaction)."""
    __slots__ = ("space", "op", "name", "keyname", "value", "shown", "cmp", "reads", "until",
                 "first", "line", "reg")

    def __init__(self, space, op, name, keyname, value, shown, cmp, line, reg=None):
        self.space, self.op, self.name, self.keyname = space, op, name, keyname
        self.value, self.shown, self.cmp, self.line, self.reg = value, shown, cmp, line, reg
        self.reads = 1      # a poll: how many reads
        self.first = value  # a poll: the first value read
        self.until = ""

    def key(self):
        return (self.space, self.op, self.keyname, self.cmp)

    def strict(self):
        """key() plus the bits the traffic decides: equal when both sides
        saw the same frames, which anchors the alignment where they did."""
        return self.key() + ((self.value,) if self.reg is not None and self.reg.data else ())

    def loose(self):
        return (self.space, self.op, self.keyname)

    def text(self):
        """The one-line form expectations match against and the report shows."""
        pre = "cfg " if self.space == "cfg" else ("" if self.space in ("io", "mem") else self.space + " ")
        if self.space == "eeprom":
            return "eeprom %s" % self.shown
        s = "%s%s %s" % (pre, self.op, self.name)
        if self.reads > 1:
            s += " x%d" % self.reads
        if self.until:
            s += " until " + self.until
        return s + " = " + self.shown


def _hex(v, size):
    return "0x%0*x" % (2 * (size or 1), v)


def _bits(reg, v):
    names = [n for n, mask in reg.bits if v & mask == mask and mask]
    return "(%s)" % "|".join(names) if names else ""


class Normaliser:
    """Per system: BAR bases (from the config writes it sees) and DMA role
    bases (the first address written for a role)."""

    def __init__(self, regmap):
        self.map = regmap
        self.bars = {}       # BAR offset -> (base, 'io'|'mem')
        self.roles = {}

    def _bar_write(self, off, val):
        if 0x10 <= off <= 0x24 and (off - 0x10) % 4 == 0:
            io = val & 1
            base = val & ~0x3 if io else val & ~0xF
            base &= 0xFFFFFFFF
            if base and base not in (0xFFFFFFFC, 0xFFFFFFF0) and base & 0xFFFF0000 != 0xFFFF0000:
                self.bars[off] = (base, "io" if io else "mem")

    def _locate(self, addr):
        for base, space in self.bars.values():
            if base <= addr < base + self.map.region_size:
                return addr - base, space
        # BARs are aligned to their size: the offset is the low bits
        return addr & (self.map.region_size - 1), "io" if addr < 0x10000 else "mem"

    def _value(self, reg, op, v, size, exact):
        """(shown, compared) for value v of register reg; an access of
        another width or offset than the register's is compared raw,
        unless the register's reads are status or its values ignored."""
        if reg is None:
            return _hex(v, size), v
        if not exact:
            return _hex(v, size), None if reg.ignore or (reg.status and op == "R") else v
        if reg.dma:
            base = self.roles.setdefault(reg.dma, v) if op == "W" else self.roles.get(reg.dma)
            if base is None:  # read before any write: not an address we gave it
                return _hex(v, size), v
            d = v - base
            shown = "<%s>" % reg.dma + ("" if d == 0 else ("+0x%x" % d if d > 0 else "-0x%x" % -d))
            return shown, shown
        shown = _hex(v, size) + _bits(reg, v)
        if reg.ignore or (reg.status and op == "R"):
            return shown, None
        if reg.data:
            return shown + " [%s]" % _hex(v & ~reg.data & ((1 << 8 * size) - 1), size), v & ~reg.data
        return shown, v

    def access(self, raw):
        """The Access for one traced register or configuration access."""
        if raw.space == "cfg":
            if raw.op == "W":
                self._bar_write(raw.addr, raw.value)
            reg = self.map.reg_at(raw.addr, cfg=True)
            if reg is not None and reg.off != raw.addr:
                reg = None
            exact = reg is not None and (raw.size is None or raw.size == reg.size)
            name = reg.name if reg is not None else "0x%02x" % raw.addr
            if reg is not None and not exact:
                name += "/%d" % raw.size
            shown, cmp = self._value(reg, raw.op, raw.value, raw.size or 4, exact)
            return Access("cfg", raw.op, name, name, raw.value, shown, cmp, raw.line, reg if exact else None)
        off, space = self._locate(raw.addr)
        reg = self.map.reg_at(off)
        exact = False
        if reg is None:
            name = keyname = "0x%02x" % off
        else:
            idx, within = divmod(off - reg.off, reg.size)
            exact = within == 0 and raw.size == reg.size
            name = reg.name + ("[%d]" % idx if reg.count > 1 else "")
            keyname = reg.name + ("" if reg.count == 1 else "[]" if reg.ring else "[%d]" % idx)
            if not exact:
                suffix = ("+%d" % within if within else "") + "/%d" % raw.size
                name += suffix
                keyname += suffix
        shown, cmp = self._value(reg, raw.op, raw.value, raw.size, exact)
        return Access(space, raw.op, name, keyname, raw.value, shown, cmp, raw.line, reg if exact else None)


def _describe_until(reg, first, last):
    """'CmdReset clear', 'LinkStatus set' or the changed mask."""
    changed = first ^ last
    if not changed:
        return ""
    named = [(n, m) for n, m in (reg.bits if reg else []) if m and changed & m == m]
    if named:
        return ", ".join("%s %s" % (n, "set" if last & m else "clear") for n, m in named)
    return "bits 0x%x %s" % (changed, "changed")


def collapse_polls(accs):
    """Consecutive reads of one register become one access: the last
    value, the number of reads, and which bits changed ("until")."""
    out = []
    for a in accs:
        p = out[-1] if out else None
        if (p is not None and a.op == "R" and p.op == "R" and a.space == p.space and a.name == p.name
                and a.space != "eeprom"):
            a.reads = p.reads + 1
            a.first = p.first
            a.until = _describe_until(a.reg, a.first, a.value)
            out[-1] = a
            continue
        out.append(a)
    return out


def decode_eeprom(accs, e):
    """Runs of accesses to the EEPROM register containing a write in
    programming mode are 93C46 bit-banging: one Access per transaction
    (chip select high to low): 'read @A = D' for a READ, else the bits."""
    out, i = [], 0
    is_ee = lambda a: a.space in ("io", "mem") and a.name == e["name"]  # noqa: E731
    while i < len(accs):
        if not is_ee(accs[i]):
            out.append(accs[i])
            i += 1
            continue
        j = i
        while j < len(accs) and is_ee(accs[j]):
            j += 1
        run = accs[i:j]
        if not any(a.op == "W" and a.value & e["mode_mask"] == e["mode"] for a in run):
            out += run
            i = j
            continue
        out += _eeprom_transactions(run, e)
        i = j
    return out


def _eeprom_transactions(run, e):
    out = []
    cs = sk = False
    din, dout, cur_do, start = [], [], 0, None
    for a in run:
        if a.op == "W":
            v = a.value
            prog = v & e["mode_mask"] == e["mode"]
            ncs, nsk = prog and bool(v & e["cs"]), prog and bool(v & e["sk"])
            if ncs and not cs:
                din, dout, start = [], [], a.line
            if cs and sk and not nsk:
                dout.append(cur_do)  # falling clock edge: the bit the chip presented
            if ncs and nsk and not sk:
                din.append(1 if v & e["di"] else 0)
                cur_do = 0
            if cs and not ncs and din:
                out.append(_eeprom_access(din, dout, start))
            cs, sk = ncs, nsk
        elif cs and sk:
            cur_do = 1 if a.value & e["do"] else 0
    if cs and din:
        out.append(_eeprom_access(din, dout, start))
    return out


def _eeprom_access(din, dout, line):
    """A 93C46 READ is a start bit 1 (after any leading zeros), opcode 10,
    the address, then 16 data bits out; anything else is shown as bits."""
    bits = "".join(map(str, din))
    lead = bits.find("1")
    cmd = bits[lead:] if lead >= 0 else ""
    alen = len(cmd) - 3 - 16
    if cmd.startswith("110") and alen > 0 and len(dout) >= len(bits):
        addr = int(cmd[3:3 + alen], 2)
        data = int("".join(map(str, dout[lead + 3 + alen:lead + 3 + alen + 16])), 2)
        name = "read@0x%02x/%d" % (addr, alen)
        return Access("eeprom", "R", name, name, data,
                      "read @0x%02x (%d-bit address) = 0x%04x" % (addr, alen, data), data, line)
    shown = "cmd %s -> %s" % (bits, "".join(map(str, dout)))
    return Access("eeprom", "X", bits, bits, 0, shown, shown, line)


def tally(raws, accs, regmap):
    """A phase's size on one side: raw register and configuration accesses
    (each read of a poll, each EEPROM bit) and the map's counters (frames)."""
    out = {"accesses": len(raws)}
    for name, op, reg in regmap.counts:
        out[name] = sum(1 for a in accs if a.op == op and a.reg is not None and a.reg.name == reg
                        and a.space in ("io", "mem"))
    return out


def normalise(raws, regmap, norm=None):
    """[Raw] of one phase -> [Access]; norm carries BARs and DMA roles
    from phase to phase."""
    norm = norm or Normaliser(regmap)
    accs = [norm.access(r) for r in raws]
    if regmap.eeprom:
        accs = decode_eeprom(accs, regmap.eeprom)
    return collapse_polls(accs)


# ---------------------------------------------------------------- alignment

SAME, ONLY_LINUX, ONLY_OURS, VALUE, MOVED = "same", "only_linux", "only_ours", "value_diff", "moved"


class Row:
    """One line of a phase's alignment: a Linux access, ours, or both."""
    __slots__ = ("kind", "linux", "ours", "explained", "note")

    def __init__(self, kind, linux, ours):
        self.kind, self.linux, self.ours = kind, linux, ours
        self.explained = None
        self.note = ""


MIN_BLOCK = 3  # shortest run of accesses that counts as moved when out of order


def align(la, oa):
    """Rows of a phase, in Linux's order (one side's accesses where they fall):
    1. Anchors, as in patience diff: accesses each side makes exactly once,
       with the values the traffic decides (a frame's ring offset), in the
       longest chain that has them in the same order on both sides. The
       sides correspond where they handle the same frame.
    2. Between anchors, in order (difflib): equal keys are the same; the
       same register with other compared values differs in value; the
       rest is made by one side only.
    3. Runs of at least MIN_BLOCK accesses made by one side only which the
       other side makes, unchanged, elsewhere in the phase are moved."""
    n, m = len(la), len(oa)
    ca, cb, pos_b = {}, {}, {}
    for a in la:
        ca[a.strict()] = ca.get(a.strict(), 0) + 1
    for y, b in enumerate(oa):
        cb[b.strict()] = cb.get(b.strict(), 0) + 1
        pos_b[b.strict()] = y
    cand = [(x, pos_b[a.strict()]) for x, a in enumerate(la)
            if ca[a.strict()] == 1 and cb.get(a.strict()) == 1]
    rows = []
    px = py = 0
    for x, y in _increasing(cand) + [(n, m)]:
        rows += _gap_rows(la, oa, list(range(px, x)), list(range(py, y)), px)
        if x < n:
            rows.append((x, 0, Row(SAME, la[x], oa[y])))
        px, py = x + 1, y + 1
    rows.sort(key=lambda r: (r[0], r[1]))
    rows = [r[2] for r in rows]
    _mark_moves(rows)
    return rows


def _increasing(pairs):
    """The longest subsequence of (x, y) pairs (x ascending) with y ascending."""
    tails, tail_idx, prev = [], [], [-1] * len(pairs)
    for k, (_, y) in enumerate(pairs):
        t = bisect.bisect_left(tails, y)
        if t == len(tails):
            tails.append(y)
            tail_idx.append(k)
        else:
            tails[t] = y
            tail_idx[t] = k
        prev[k] = tail_idx[t - 1] if t else -1
    out, k = [], tail_idx[-1] if tail_idx else -1
    while k >= 0:
        out.append(pairs[k])
        k = prev[k]
    return out[::-1]


def _gap_rows(la, oa, ga, gb, start):
    """In-order alignment of the accesses at Linux indices ga and ours gb:
    (position in Linux order, tie, Row) tuples. Equal with the traffic's
    values first, then equal keys (same), then the same register (value
    differs); the rest is one side's only."""
    out = []
    last = [start - 0.5]

    def put(row, ia):
        if ia is not None:
            last[0] = ia
            out.append((ia, 0, row))
        else:
            out.append((last[0], 1, row))

    def level(xs, ys, k):
        if k == 3:
            for x in xs:
                put(Row(ONLY_LINUX, la[x], None), x)
            for y in ys:
                put(Row(ONLY_OURS, None, oa[y]), None)
            return
        key = (Access.strict, Access.key, Access.loose)[k]
        sm = difflib.SequenceMatcher(None, [key(la[x]) for x in xs], [key(oa[y]) for y in ys], autojunk=False)
        for tag, i1, i2, j1, j2 in sm.get_opcodes():
            if tag == "equal":
                for d in range(i2 - i1):
                    put(Row(VALUE if k == 2 else SAME, la[xs[i1 + d]], oa[ys[j1 + d]]), xs[i1 + d])
            else:
                level(xs[i1:i2], ys[j1:j2], k + 1)

    level(ga, gb, 0)
    return out


def _runs(rows, kind):
    """Maximal runs of rows of one kind (the other side's only-rows between
    them do not break a run): lists of row indices."""
    other = ONLY_OURS if kind == ONLY_LINUX else ONLY_LINUX
    out, cur = [], []
    for i, r in enumerate(rows):
        if r.kind == kind:
            cur.append(i)
        elif r.kind != other and cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def _mark_moves(rows):
    """Pairs the longest common run of a Linux-only and an ours-only run
    (the nearest if several are as long), at least MIN_BLOCK accesses,
    as moved, and repeats on what is left: first with the traffic's
    values, then without. The pair is shown at the Linux position; the
    ours row leaves its place."""
    lruns, oruns = _runs(rows, ONLY_LINUX), _runs(rows, ONLY_OURS)
    drop = set()
    sm = difflib.SequenceMatcher(None, autojunk=False)
    for key in (Access.strict, Access.key):
        _move_pass(rows, lruns, oruns, drop, sm, key)
    if drop:
        rows[:] = [r for i, r in enumerate(rows) if i not in drop]


def _move_pass(rows, lruns, oruns, drop, sm, key):
    while True:
        best = None
        for a, lr in enumerate(lruns):
            if len(lr) < MIN_BLOCK:
                continue
            sm.set_seq1(tuple(key(rows[i].linux) for i in lr))
            for b, orr in enumerate(oruns):
                if len(orr) < MIN_BLOCK:
                    continue
                sm.set_seq2(tuple(key(rows[i].ours) for i in orr))
                i, j, k = sm.find_longest_match(0, len(lr), 0, len(orr))
                score = (k, -abs(lr[i] - orr[j]) if k else 0)
                if k >= MIN_BLOCK and (best is None or score > best[0]):
                    best = (score, a, b, i, j, k)
        if best is None:
            break
        _, a, b, i, j, k = best
        lr, orr = lruns[a], oruns[b]
        for d in range(k):
            rows[lr[i + d]].kind = MOVED
            rows[lr[i + d]].ours = rows[orr[j + d]].ours
            drop.add(orr[j + d])
        lruns[a:a + 1] = [r for r in (lr[:i], lr[i + k:]) if r]
        oruns[b:b + 1] = [r for r in (orr[:j], orr[j + k:]) if r]


# ---------------------------------------------------------------- expectations

class Expectation:
    def __init__(self, ident, where):
        self.id, self.where = ident, where
        self.phases, self.sides, self.match, self.sequence = [], [], [], []
        self.why, self.max = "", None
        self.used = {}


SIDES = {"linux": ONLY_LINUX, "ours": ONLY_OURS, "value": VALUE, "moved": MOVED}


def load_expectations(path):
    """[Expectation] from an expectation file:
        [id]
        phases = PHASE... (globs)
        side = linux | ours | value | moved   (several allowed)
        match = REGEX          (more on indented lines: a row matching any)
        sequence = REGEX       (more on indented lines: consecutive rows
                                matching them in order, explained together)
        max = N                (optional: rows per phase)
        why = TEXT             (more on indented lines)"""
    out, cur, key = [], None, None
    try:
        lines = open(path).read().splitlines()
    except OSError as e:
        raise InputError("%s: %s" % (path, e.strerror)) from None
    for n, raw in enumerate(lines, 1):
        where = "%s:%d" % (path, n)
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if raw[0] in " \t":
            if cur is None or key not in ("match", "sequence", "why"):
                raise InputError("%s: continuation line outside match, sequence or why" % where)
            _set(cur, key, raw.strip(), where)
            continue
        m = re.match(r"^\[([a-z0-9][a-z0-9-]*)\]\s*$", raw)
        if m:
            if any(e.id == m.group(1) for e in out):
                raise InputError("%s: expectation [%s] defined twice" % (where, m.group(1)))
            cur = Expectation(m.group(1), where)
            out.append(cur)
            key = None
            continue
        m = re.match(r"^([a-z]+)\s*=\s*(.*)$", raw)
        if not m:
            raise InputError("%s: expected [id], KEY = VALUE or an indented continuation" % where)
        if cur is None:
            raise InputError("%s: %s before the first [id]" % (where, m.group(1)))
        key = m.group(1)
        _set(cur, key, m.group(2).strip(), where)
    for e in out:
        for what in ("phases", "sides", "why"):
            if not getattr(e, what):
                raise InputError("%s: [%s] has no %s" % (e.where, e.id, "side" if what == "sides" else what))
        if bool(e.match) == bool(e.sequence):
            raise InputError("%s: [%s] needs either match or sequence" % (e.where, e.id))
    return out


def _set(e, key, val, where):
    if key == "phases":
        e.phases += val.split()
    elif key == "side":
        for s in val.split():
            if s not in SIDES:
                raise InputError("%s: side %r: linux, ours, value or moved" % (where, s))
            e.sides.append(SIDES[s])
    elif key in ("match", "sequence"):
        if val:
            try:
                getattr(e, key).append(re.compile(val))
            except re.error as x:
                raise InputError("%s: bad regular expression %r: %s" % (where, val, x)) from None
    elif key == "max":
        e.max = _int(val, where)
    elif key == "why":
        e.why = (e.why + " " + val).strip()
    else:
        raise InputError("%s: unknown key %r (phases, side, match, sequence, max, why)" % (where, key))


def _texts(r):
    return [a.text() for a in (r.linux, r.ours) if a is not None]


def explain(phase, rows, expectations):
    """Marks differing rows with the first expectation (file order) that
    covers them: a row any match regex fits, or a run of rows the sequence
    regexes fit one by one (rows of the expectation's sides, no row both
    sides make alike between them)."""
    for e in expectations:
        if not any(fnmatch.fnmatchcase(phase, p) for p in e.phases):
            continue
        room = lambda k: e.max is None or e.used.get(phase, 0) + k <= e.max  # noqa: E731
        if e.match:
            for r in rows:
                if r.kind in e.sides and not r.explained and room(1) and \
                        any(rx.search(t) for rx in e.match for t in _texts(r)):
                    r.explained = e.id
                    e.used[phase] = e.used.get(phase, 0) + 1
            continue
        i = 0
        while i < len(rows):
            run, j = [], i
            while j < len(rows) and len(run) < len(e.sequence) and rows[j].kind != SAME:
                if rows[j].kind in e.sides and not rows[j].explained:
                    if not any(e.sequence[len(run)].search(t) for t in _texts(rows[j])):
                        break
                    run.append(j)
                elif rows[j].kind in e.sides:
                    break
                j += 1
            if len(run) == len(e.sequence) and room(len(run)):
                for k in run:
                    rows[k].explained = e.id
                e.used[phase] = e.used.get(phase, 0) + len(run)
                i = j
            else:
                i += 1


def counts(rows):
    c = {SAME: 0, ONLY_LINUX: 0, ONLY_OURS: 0, VALUE: 0, MOVED: 0, "explained": 0, "unexplained": 0}
    for r in rows:
        c[r.kind] += 1
        if r.kind != SAME:
            c["explained" if r.explained else "unexplained"] += 1
    return c


# ---------------------------------------------------------------- report

def report_json(driver, phases, results, expectations, meta):
    """results: {phase: {"rows": [Row], "error": str|None, "scenario": {...}}}"""
    out = {"driver": driver, "phases": {}, "expectations": {}, "differences": [], **meta}
    for p in phases:
        res = results[p]
        c = counts(res["rows"])
        c["accesses_linux"] = sum(1 for r in res["rows"] if r.linux is not None)
        c["accesses_ours"] = sum(1 for r in res["rows"] if r.ours is not None)
        if res.get("tally"):
            c["tally"] = res["tally"]
        if res.get("scenario"):
            c["scenario"] = res["scenario"]
        if res.get("error"):
            c["error"] = res["error"]
        out["phases"][p] = c
        for r in res["rows"]:
            if r.kind != SAME:
                out["differences"].append({
                    "phase": p, "kind": r.kind, "explained_by": r.explained,
                    "linux": r.linux.text() if r.linux else None,
                    "ours": r.ours.text() if r.ours else None,
                    "linux_line": r.linux.line if r.linux else None,
                    "ours_line": r.ours.line if r.ours else None})
    for e in expectations:
        out["expectations"][e.id] = {"why": e.why, "where": e.where, "phases": e.phases,
                                     "explained": dict(e.used)}
    out["unexplained"] = sum(v["unexplained"] for v in out["phases"].values())
    return out


def report_text(phases, results):
    """The alignment as text, one row a line: KIND LINUX | OURS [expectation]."""
    o = []
    for p in phases:
        o.append("== %s" % p)
        for r in results[p]["rows"]:
            mark = "" if r.kind == SAME else "  [%s]" % (r.explained or "UNEXPLAINED")
            o.append("%-10s %-58s | %s%s" % (r.kind, r.linux.text() if r.linux else "",
                                             r.ours.text() if r.ours else "", mark))
    return "\n".join(o) + "\n"


_CSS = """<style>
body { font-family: sans-serif; margin: 1em 2em; }
table { border-collapse: collapse; }
td, th { padding: 1px 6px; border: 1px solid #ddd; vertical-align: top; }
table.al td { font-family: monospace; font-size: 12px; border: none; white-space: pre; }
tr.same td.a { color: #444; }
tr.only_linux td.l, tr.only_ours td.o, tr.value_diff td.a { background: #fff3b0; }
tr.moved td.a { background: #dde8ff; }
tr.unexplained td.a { background: #f8c0c0 !important; }
td.why { font-family: sans-serif; font-size: 11px; color: #555; white-space: normal; max-width: 30em; }
td.n { text-align: right; }
.bad { color: #b00; font-weight: bold; }
summary { cursor: pointer; color: #555; font-family: monospace; font-size: 12px; }
</style>"""


def report_html(driver, phases, descriptions, results, expectations, meta):
    h = html.escape
    o = ["<!doctype html><html><head><meta charset='utf-8'><title>tracediff %s</title>%s</head><body>"
         % (h(driver), _CSS)]
    o.append("<h1>Behavioural diff: %s</h1>" % h(driver))
    o.append("<p>Linux: %s<br>Ours: %s<br>%s</p>" % (h(meta.get("linux", "")), h(meta.get("ours", "")),
                                                      h(meta.get("qemu", ""))))
    o.append("<p>Counts are normalised accesses (a poll loop or an EEPROM read counts once). "
             "Yellow: a difference an expectation explains (hover for why); red: unexplained; "
             "blue: made by both, in another order. docs/porting/tracediff.md explains the report.</p>")
    o.append("<table><tr><th>phase</th><th>same</th><th>only Linux</th><th>only ours</th>"
             "<th>value differs</th><th>moved</th><th>explained</th><th>unexplained</th></tr>")
    for p in phases:
        c = counts(results[p]["rows"])
        bad = ' class="bad"' if c["unexplained"] else ""
        o.append("<tr><td><a href='#%s'>%s</a></td>%s<td class='n'%s>%d</td></tr>" % (
            h(p), h(p), "".join("<td class='n'>%d</td>" % c[k] for k in
                                (SAME, ONLY_LINUX, ONLY_OURS, VALUE, MOVED, "explained")), bad, c["unexplained"]))
    o.append("</table>")
    o.append("<h2>Expectations</h2><table><tr><th>id</th><th>explained</th><th>why</th></tr>")
    for e in expectations:
        used = ", ".join("%s: %d" % kv for kv in sorted(e.used.items())) or "nothing in this run"
        o.append("<tr><td>%s</td><td>%s</td><td>%s</td></tr>" % (h(e.id), h(used), h(e.why)))
    o.append("</table>")
    why = {e.id: e.why for e in expectations}
    for p in phases:
        res = results[p]
        o.append("<h2 id='%s'>%s</h2><p>%s</p>" % (h(p), h(p), h(descriptions.get(p, ""))))
        if res.get("scenario"):
            o.append("<p>Scenario: %s</p>" % h("; ".join("%s: %s" % kv for kv in res["scenario"].items())))
        if res.get("tally"):
            o.append("<p>Raw accesses: %s</p>" % h("; ".join(
                "%s: %s" % (side, ", ".join("%s %d" % kv for kv in t.items()))
                for side, t in res["tally"].items())))
        if res.get("error"):
            o.append("<p class='bad'>%s</p>" % h(res["error"]))
        o.append("<table class='al'><tr><th>Linux</th><th>ours</th><th>explained by</th></tr>")
        rows = res["rows"]
        i = 0
        while i < len(rows):
            j = i
            while j < len(rows) and rows[j].kind == SAME:
                j += 1
            if j - i > 12:
                o.append("<tr><td colspan='3'><details><summary>%d accesses the same</summary><table class='al'>"
                         % (j - i))
                o += [_row(r, why) for r in rows[i:j]]
                o.append("</table></details></td></tr>")
                i = j
                continue
            o.append(_row(rows[i], why))
            i += 1
        o.append("</table>")
    o.append("</body></html>")
    return "\n".join(o)


def _row(r, why):
    h = html.escape
    cls = r.kind + ("" if r.kind == SAME or r.explained else " unexplained")
    lt = h(r.linux.text()) if r.linux else ""
    ot = h(r.ours.text()) if r.ours else ""
    ex = ""
    if r.kind != SAME:
        ex = ("<span title='%s'>%s</span>" % (h(why.get(r.explained, "")), h(r.explained))
              if r.explained else "<b>unexplained</b>")
    return "<tr class='%s'><td class='a l'>%s</td><td class='a o'>%s</td><td class='why'>%s</td></tr>" % (
        cls, lt, ot, ex)
