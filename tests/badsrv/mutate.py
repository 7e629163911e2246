#!/usr/bin/env python3
"""Writes malformed copies of a valid server file, one per mutation.

    mutate.py BASE.srv OUTDIR        write OUTDIR/<case>.srv and OUTDIR/MANIFEST
    mutate.py --list                 print the case names

The base must be a server with local servers, relocations, service calls,
system calls and required services (build/servers/victim.srv). The ELF file is
parsed here (headers, section headers, symbol table, relocations) to find what
to change; every mutation changes as little as possible so that exactly one
loader check fails.

MANIFEST has one line per case: the case name, then tab-separated key=value
pairs describing where the mutation landed (e.g. site=section .rela.text offset
0x30). tests/badsrv/expected.txt refers to them as ${key}, so the expected
messages follow the base file when its code changes.

Deterministic: the same base file gives the same corpus.
"""
import os
import struct
import sys

SHT_NULL, SHT_PROGBITS, SHT_SYMTAB, SHT_STRTAB, SHT_RELA, SHT_NOBITS, SHT_REL = 0, 1, 2, 3, 4, 8, 9
SHF_ALLOC, SHF_EXECINSTR = 0x2, 0x4
SHN_UNDEF, SHN_ABS, SHN_COMMON = 0, 0xfff1, 0xfff2
STT_SECTION, STT_FILE = 3, 4
R_64, R_PC64 = 1, 24

EHDR = struct.Struct('<16sHHIQQQIHHHHHH')
SHDR = struct.Struct('<IIQQQQIIQQ')
SYM = struct.Struct('<IBBHQQ')
RELA = struct.Struct('<QQq')

# struct bss_info / bss_local_desc layout (include/bss/abi.h)
INFO_SIZE = 1944
INFO_MAGIC, INFO_VERSION, INFO_ATTRS, INFO_NREQS = 0, 4, 8, 12
INFO_DATA, INFO_STACK, INFO_NAME, INFO_CTOR, INFO_DTOR, INFO_REQS, INFO_SVC = 16, 24, 32, 64, 72, 80, 144
SVC_ID, SVC_NFUNCS, SVC_FUNCS, SVC_SIGS = 0, 4, 8, 8 + 32 * 8
SIG_LEN = 48
LOCAL_SIZE = 1856
LOCAL_MAGIC, LOCAL_ATTRS, LOCAL_DTOR, LOCAL_SVC = 0, 4, 40, 48

MAX_DATA = 64 << 20
MAX_STACK = 256 * 1024
MAX_IMAGE = 256 << 20


def hx(v):
    return '0x%x' % v


class Section:
    def __init__(self, elf, index, raw):
        (self.name_off, self.type, self.flags, self.addr, self.offset, self.size, self.link,
         self.info, self.addralign, self.entsize) = raw
        self.index = index
        self.hdr_off = elf.shoff + index * SHDR.size
        self.elf = elf

    @property
    def name(self):
        return self.elf.cstr(self.elf.shstr_off + self.name_off)

    def field_off(self, field):
        return self.hdr_off + {'name': 0, 'type': 4, 'flags': 8, 'offset': 24, 'size': 32,
                               'link': 40, 'info': 44, 'addralign': 48, 'entsize': 56}[field]


class Elf:
    def __init__(self, data):
        self.data = bytes(data)
        eh = EHDR.unpack_from(self.data, 0)
        (self.ident, self.type, self.machine, _, _, _, self.shoff, _, _, _, _,
         self.shentsize, self.shnum, self.shstrndx) = eh
        self.sections = [Section(self, i, SHDR.unpack_from(self.data, self.shoff + i * SHDR.size))
                         for i in range(self.shnum)]
        self.shstr_off = self.sections[self.shstrndx].offset
        symtabs = [s for s in self.sections if s.type == SHT_SYMTAB]
        if len(symtabs) != 1:
            raise SystemExit('mutate.py: expected exactly one symbol table')
        self.symtab = symtabs[0]
        self.strtab = self.sections[self.symtab.link]
        self.syms = [SYM.unpack_from(self.data, self.symtab.offset + k * SYM.size)
                     for k in range(self.symtab.size // SYM.size)]

    def cstr(self, off):
        end = self.data.index(b'\0', off)
        return self.data[off:end].decode('latin-1')

    def sec(self, name):
        for s in self.sections:
            if s.name == name:
                return s
        raise SystemExit('mutate.py: base file has no section %s' % name)

    def sym_name(self, si):
        return self.cstr(self.strtab.offset + self.syms[si][0])

    def is_alloc(self, i):
        if i >= self.shnum:
            return False
        s = self.sections[i]
        return bool(s.flags & SHF_ALLOC) and s.type in (SHT_PROGBITS, SHT_NOBITS, 14, 15)

    def rela_sections(self):
        """RELA sections in the order the loader checks them (loaded targets only)."""
        return [s for s in self.sections if s.type == SHT_RELA and self.is_alloc(s.info)]

    def relas(self, rs):
        return [RELA.unpack_from(self.data, rs.offset + k * RELA.size) for k in range(rs.size // RELA.size)]

    def first_site(self, pred):
        """(rela section, entry index, rela) of the first checked relocation matching pred."""
        for rs in self.rela_sections():
            for k, (off, info, add) in enumerate(self.relas(rs)):
                if info & 0xffffffff == 0:
                    continue
                if pred(info >> 32, info & 0xffffffff):
                    return rs, k, (off, info, add)
        raise SystemExit('mutate.py: base file lacks a relocation the mutation needs')


def site(rs, k):
    return 'section %s offset %s' % (rs.name, hx(k * RELA.size))


class Mutant:
    def __init__(self, elf):
        self.elf = elf
        self.d = bytearray(elf.data)

    def put(self, fmt, off, *v):
        struct.pack_into('<' + fmt, self.d, off, *v)

    def shdr(self, sec, field, value):
        fmt = 'I' if field in ('name', 'type', 'link', 'info') else 'Q'
        self.put(fmt, sec.field_off(field), value)


# ---- the mutations: each returns (bytes, {key: value}) ----

MUTATIONS = []


def mutation(fn):
    MUTATIONS.append((fn.__name__.replace('_', '-'), fn))
    return fn


# ELF header

@mutation
def truncated_10(e):
    return e.data[:10], {}


@mutation
def truncated_shtab(e):
    return e.data[:e.shoff + (e.shnum // 2) * SHDR.size], {'shoff': hx(e.shoff), 'shnum': e.shnum}


@mutation
def bad_magic(e):
    m = Mutant(e)
    m.d[1] = ord('X')
    return m.d, {}


@mutation
def class_32(e):
    m = Mutant(e)
    m.d[4] = 1
    return m.d, {}


@mutation
def big_endian(e):
    m = Mutant(e)
    m.d[5] = 2
    return m.d, {}


@mutation
def type_exec(e):
    m = Mutant(e)
    m.put('H', 16, 2)
    return m.d, {}


@mutation
def wrong_machine(e):
    m = Mutant(e)
    m.put('H', 18, 3)  # EM_386
    return m.d, {}


@mutation
def bad_shentsize(e):
    m = Mutant(e)
    m.put('H', 58, 56)
    return m.d, {}


@mutation
def shnum_zero(e):
    m = Mutant(e)
    m.put('H', 60, 0)
    return m.d, {}


@mutation
def shoff_past_end(e):
    m = Mutant(e)
    off = (len(e.data) + 0x1000) & ~7
    m.put('Q', 40, off)
    return m.d, {'shoff': hx(off), 'shnum': e.shnum}


@mutation
def shstrndx_range(e):
    m = Mutant(e)
    m.put('H', 62, e.shnum)
    return m.d, {'shnum': e.shnum}


@mutation
def shstrtab_not_strtab(e):
    m = Mutant(e)
    text = e.sec('.text')
    m.put('H', 62, text.index)
    return m.d, {'shdr': hx(text.hdr_off)}


@mutation
def shstrtab_unterminated(e):
    m = Mutant(e)
    ss = e.sections[e.shstrndx]
    m.d[ss.offset + ss.size - 1] = ord('x')
    return m.d, {'shdr': hx(ss.hdr_off)}


# section headers

@mutation
def sec_offset_past_end(e):
    m = Mutant(e)
    t = e.sec('.text')
    off = len(e.data) + 0x100
    m.shdr(t, 'offset', off)
    return m.d, {'shdr': hx(t.hdr_off), 'off': hx(off), 'size': hx(t.size), 'fsize': hx(len(e.data))}


@mutation
def sec_size_past_end(e):
    m = Mutant(e)
    t = e.sec('.text')
    size = len(e.data) - t.offset + 1
    m.shdr(t, 'size', size)
    return m.d, {'shdr': hx(t.hdr_off), 'off': hx(t.offset), 'size': hx(size), 'fsize': hx(len(e.data))}


@mutation
def sec_bad_align(e):
    m = Mutant(e)
    t = e.sec('.text')
    m.shdr(t, 'addralign', 3)
    return m.d, {'shdr': hx(t.hdr_off)}


@mutation
def sec_name_range(e):
    m = Mutant(e)
    t = e.sec('.text')
    m.shdr(t, 'name', e.sections[e.shstrndx].size)
    return m.d, {'shdr': hx(t.hdr_off), 'index': t.index}


@mutation
def strtab_past_end(e):
    """The symbol table's string table lies outside the file (its header comes after the symtab's)."""
    m = Mutant(e)
    m.shdr(e.strtab, 'offset', 0x40000000)
    return m.d, {'shdr': hx(e.strtab.hdr_off)}


@mutation
def strtab_unterminated(e):
    m = Mutant(e)
    m.d[e.strtab.offset + e.strtab.size - 1] = ord('x')
    return m.d, {'shdr': hx(e.strtab.hdr_off)}


@mutation
def symtab_no_strtab(e):
    m = Mutant(e)
    m.shdr(e.strtab, 'type', SHT_PROGBITS)
    return m.d, {'shdr': hx(e.symtab.hdr_off)}


@mutation
def symtab_layout(e):
    m = Mutant(e)
    m.shdr(e.symtab, 'entsize', 16)
    return m.d, {'shdr': hx(e.symtab.hdr_off)}


@mutation
def no_symtab(e):
    m = Mutant(e)
    m.shdr(e.symtab, 'type', SHT_PROGBITS)
    return m.d, {}


@mutation
def rel_not_rela(e):
    m = Mutant(e)
    rs = e.sec('.rela.text')
    m.shdr(rs, 'type', SHT_REL)
    return m.d, {'shdr': hx(rs.hdr_off)}


@mutation
def image_too_large(e):
    m = Mutant(e)
    b = [s for s in e.sections if s.type == SHT_NOBITS and e.is_alloc(s.index)][0]
    m.shdr(b, 'size', MAX_IMAGE * 2)
    return m.d, {'sec': b.name}


@mutation
def no_info(e):
    m = Mutant(e)
    info = e.sec('.bss_info')
    m.d[e.shstr_off + info.name_off + len('.bss_inf')] = ord('0')
    return m.d, {}


@mutation
def second_info(e):
    m = Mutant(e)
    m.shdr(e.sec('.bss_locals'), 'name', e.sec('.bss_info').name_off)
    return m.d, {}


# relocation tables and relocations

REL_K = 3  # the entry of .rela.text that the relocation mutations change


def rela_entry(e):
    rs = e.sec('.rela.text')
    if rs.size // RELA.size <= REL_K:
        raise SystemExit('mutate.py: .rela.text too short')
    return rs, rs.offset + REL_K * RELA.size, e.relas(rs)[REL_K]


@mutation
def rela_layout(e):
    m = Mutant(e)
    m.shdr(e.sec('.rela.text'), 'entsize', 16)
    return m.d, {}


@mutation
def rela_target_missing(e):
    m = Mutant(e)
    m.shdr(e.sec('.rela.text'), 'info', e.shnum)
    return m.d, {'shnum': e.shnum}


@mutation
def rela_link(e):
    m = Mutant(e)
    m.shdr(e.sec('.rela.text'), 'link', e.sec('.text').index)
    return m.d, {}


@mutation
def reloc_unknown_type(e):
    m = Mutant(e)
    rs, at, (off, info, add) = rela_entry(e)
    m.put('Q', at + 8, (info & ~0xffffffff) | 37)
    return m.d, {'site': site(rs, REL_K)}


@mutation
def reloc_32s(e):
    m = Mutant(e)
    rs, at, (off, info, add) = rela_entry(e)
    m.put('Q', at + 8, (info & ~0xffffffff) | 11)
    return m.d, {'site': site(rs, REL_K)}


@mutation
def reloc_offset_outside(e):
    """The relocated field starts inside .text but its last byte is past the end."""
    m = Mutant(e)
    rs, at, (off, info, add) = rela_entry(e)
    width = 8 if info & 0xffffffff in (R_64, R_PC64) else 4
    text = e.sections[rs.info]
    new = text.size - width + 1
    m.put('Q', at, new)
    return m.d, {'site': site(rs, REL_K), 'roff': hx(new), 'sec': text.name, 'size': hx(text.size)}


@mutation
def reloc_sym_range(e):
    m = Mutant(e)
    rs, at, (off, info, add) = rela_entry(e)
    m.put('Q', at + 8, len(e.syms) << 32 | (info & 0xffffffff))
    return m.d, {'site': site(rs, REL_K), 'nsyms': len(e.syms)}


@mutation
def reloc_sym_zero(e):
    m = Mutant(e)
    rs, at, (off, info, add) = rela_entry(e)
    m.put('Q', at + 8, info & 0xffffffff)
    return m.d, {'site': site(rs, REL_K)}


def first_defined(e):
    """The first checked relocation against a symbol defined in a loaded section."""
    rs, k, (off, info, add) = e.first_site(lambda si, t: e.is_alloc(e.syms[si][3]))
    return rs, k, info >> 32


@mutation
def sym_outside_section(e):
    m = Mutant(e)
    rs, k, si = first_defined(e)
    sec = e.sections[e.syms[si][3]]
    m.put('Q', e.symtab.offset + si * SYM.size + 8, sec.size + 1)
    return m.d, {'site': site(rs, k), 'sym': e.sym_name(si)}


@mutation
def sym_common(e):
    m = Mutant(e)
    rs, k, si = first_defined(e)
    m.put('H', e.symtab.offset + si * SYM.size + 6, SHN_COMMON)
    return m.d, {'site': site(rs, k), 'sym': e.sym_name(si)}


@mutation
def sym_not_loaded(e):
    m = Mutant(e)
    rs, k, si = first_defined(e)
    comment = [s for s in e.sections if s.type == SHT_PROGBITS and not s.flags & SHF_ALLOC][0]
    m.put('H', e.symtab.offset + si * SYM.size + 6, comment.index)
    return m.d, {'site': site(rs, k), 'sym': e.sym_name(si)}


# reserved symbols: edit the name in .strtab in place


def reserved(e, pred):
    """The first checked relocation against an undefined symbol whose name satisfies pred."""
    rs, k, (off, info, add) = e.first_site(
        lambda si, t: e.syms[si][3] == SHN_UNDEF and pred(e.sym_name(si)))
    si = info >> 32
    name = e.sym_name(si)
    start = e.strtab.offset + e.syms[si][0]
    # the bytes changed must belong to this symbol's name only
    for sj, s in enumerate(e.syms):
        o = e.strtab.offset + s[0]
        if sj != si and o <= start + len(name) and o + len(e.sym_name(sj)) >= start:
            raise SystemExit('mutate.py: symbol name %s shares bytes with another one' % name)
    return rs, k, name, start


def call_parts(name):
    _, svc, fn, rest = name.split('.', 3)
    return svc, fn, rest


def edit_name(m, start, old, new):
    assert len(old) == len(new)
    m.d[start:start + len(new)] = new.encode('latin-1')


@mutation
def undef_renamed(e):
    m = Mutant(e)
    rs, k, name, start = reserved(e, lambda n: n.startswith('__bss_call.'))
    new = 'X' + name[1:]
    edit_name(m, start, name, new)
    return m.d, {'site': site(rs, k), 'sym': new}


@mutation
def call_sig_mismatch(e):
    m = Mutant(e)
    rs, k, name, start = reserved(e, lambda n: n.startswith('__bss_call.'))
    svc, fn, rest = call_parts(name)
    sig = rest.split('.')[0]
    newsig = sig[:-1] + ('q' if sig[-1] != 'q' else 'w')
    new = '__bss_call.%s.%s.%s' % (svc, fn, rest.replace(sig, newsig, 1))
    edit_name(m, start, name, new)
    return m.d, {'site': site(rs, k), 'newsig': newsig, 'oldsig': sig}


@mutation
def call_undeclared_svc(e):
    m = Mutant(e)
    rs, k, name, start = reserved(e, lambda n: n.startswith('__bss_call.'))
    svc, fn, rest = call_parts(name)
    new = '__bss_call.0000dead.%s.%s' % (fn, rest)
    edit_name(m, start, name, new)
    return m.d, {'site': site(rs, k)}


@mutation
def call_fn_range(e):
    m = Mutant(e)
    rs, k, name, start = reserved(e, lambda n: n.startswith('__bss_call.'))
    svc, fn, rest = call_parts(name)
    newfn = '9' * len(fn)
    new = '__bss_call.%s.%s.%s' % (svc, newfn, rest)
    edit_name(m, start, name, new)
    return m.d, {'site': site(rs, k), 'fn': newfn}


@mutation
def call_malformed(e):
    m = Mutant(e)
    rs, k, name, start = reserved(e, lambda n: n.startswith('__bss_call.'))
    new = name[:len('__bss_call.') + 3] + 'g' + name[len('__bss_call.') + 4:]
    edit_name(m, start, name, new)
    return m.d, {'site': site(rs, k), 'sym': new}


@mutation
def call_atomic_mismatch(e):
    """Cut the '.a' off a call to an atomic service (a NUL where the dot was)."""
    m = Mutant(e)
    rs, k, name, start = reserved(e, lambda n: n.startswith('__bss_call.') and n.endswith('.a'))
    m.d[start + len(name) - 2] = 0
    return m.d, {'site': site(rs, k)}


@mutation
def call_fn_overflow(e):
    """A function index that wraps around 2^32 to a valid one: the loader must not accept it.

    Needs a longer name than the original, so the string table is copied to
    the end of the file with the new name appended."""
    m = Mutant(e)
    rs, k, name, start = reserved(e, lambda n: n.startswith('__bss_call.'))
    svc, fn, rest = call_parts(name)
    big = str(int(fn) + (1 << 32))
    new = ('__bss_call.%s.%s.%s' % (svc, big, rest)).encode('latin-1') + b'\0'
    old = e.data[e.strtab.offset:e.strtab.offset + e.strtab.size]
    while len(m.d) % 8:
        m.d.append(0)
    off = len(m.d)
    m.d += old + new
    m.shdr(e.strtab, 'offset', off)
    m.shdr(e.strtab, 'size', len(old) + len(new))
    si = [i for i, s in enumerate(e.syms) if s[3] == SHN_UNDEF and e.sym_name(i) == name][0]
    m.put('I', e.symtab.offset + si * SYM.size, len(old))
    return m.d, {'site': site(rs, k), 'fn': big}


@mutation
def sys_unknown(e):
    m = Mutant(e)
    rs, k, name, start = reserved(e, lambda n: n == '__bss_sys.keep')
    new = '__bss_sys.kepp'
    edit_name(m, start, name, new)
    return m.d, {'site': site(rs, k)}


# .bss_info

def info_mutant(e, off, fmt, value):
    m = Mutant(e)
    info = e.sec('.bss_info')
    if info.size != INFO_SIZE:
        raise SystemExit('mutate.py: .bss_info has size %d, expected %d' % (info.size, INFO_SIZE))
    m.put(fmt, info.offset + off, value)
    return m


@mutation
def info_magic(e):
    return info_mutant(e, INFO_MAGIC, 'I', 0xdeadbeef).d, {}


@mutation
def info_version(e):
    return info_mutant(e, INFO_VERSION, 'I', 2).d, {}


@mutation
def info_attrs(e):
    return info_mutant(e, INFO_ATTRS, 'I', 3).d, {}


@mutation
def info_nreqs_17(e):
    return info_mutant(e, INFO_NREQS, 'I', 17).d, {}


@mutation
def info_data_oversize(e):
    return info_mutant(e, INFO_DATA, 'Q', MAX_DATA + 1).d, {}


@mutation
def info_stack_oversize(e):
    return info_mutant(e, INFO_STACK, 'Q', MAX_STACK + 1).d, {}


@mutation
def info_name_unterminated(e):
    m = info_mutant(e, INFO_NAME, '32s', b'A' * 32)
    return m.d, {}


@mutation
def info_req_undeclared(e):
    info = e.sec('.bss_info')
    nreqs = struct.unpack_from('<I', e.data, info.offset + INFO_NREQS)[0]
    if nreqs < 2:
        raise SystemExit('mutate.py: the base file needs two required services')
    return info_mutant(e, INFO_REQS + 4, 'I', 0xdead).d, {}


@mutation
def info_size(e):
    m = Mutant(e)
    info = e.sec('.bss_info')
    m.shdr(info, 'size', info.size - 8)
    return m.d, {'size': info.size - 8}


@mutation
def info_sig_mismatch(e):
    info = e.sec('.bss_info')
    at = INFO_SVC + SVC_SIGS
    old = e.cstr(info.offset + at)
    new = ('q' if old[0] != 'q' else 'w') + old[1:]
    m = info_mutant(e, at, '%ds' % len(new), new.encode())
    return m.d, {'newsig': new, 'oldsig': old}


@mutation
def info_sig_unparsable(e):
    info = e.sec('.bss_info')
    at = INFO_SVC + SVC_SIGS
    old = e.cstr(info.offset + at)
    new = 'z' + old[1:]
    m = info_mutant(e, at, '%ds' % len(new), new.encode())
    return m.d, {'newsig': new}


@mutation
def info_svc_undeclared(e):
    return info_mutant(e, INFO_SVC + SVC_ID, 'I', 0xdead).d, {}


@mutation
def info_nfuncs_wrong(e):
    info = e.sec('.bss_info')
    n = struct.unpack_from('<I', e.data, info.offset + INFO_SVC + SVC_NFUNCS)[0]
    return info_mutant(e, INFO_SVC + SVC_NFUNCS, 'I', n - 1).d, {'n': n, 'm': n - 1}


@mutation
def info_nfuncs_33(e):
    return info_mutant(e, INFO_SVC + SVC_NFUNCS, 'I', 33).d, {}


# .bss_locals

@mutation
def locals_size(e):
    m = Mutant(e)
    loc = e.sec('.bss_locals')
    m.shdr(loc, 'size', loc.size - 8)
    return m.d, {'size': loc.size - 8}


@mutation
def locals_magic(e):
    m = Mutant(e)
    m.put('I', e.sec('.bss_locals').offset + LOCAL_MAGIC, 0xdeadbeef)
    return m.d, {}


@mutation
def locals_attrs(e):
    m = Mutant(e)
    m.put('I', e.sec('.bss_locals').offset + LOCAL_ATTRS, 0x10)
    return m.d, {}


# function pointers in the metadata (R_X86_64_64 relocations): load-time checks

def meta_reloc(e, secname, field_off):
    """(entry offset in the file, entry index, rela) of the relocation that fills a metadata field."""
    rs = [s for s in e.rela_sections() if e.sections[s.info].name == secname][0]
    for k, r in enumerate(e.relas(rs)):
        if r[0] == field_off:
            return rs, rs.offset + k * RELA.size, k, r
    raise SystemExit('mutate.py: no relocation fills %s+0x%x' % (secname, field_off))


def data_symbol(e):
    """A symbol in a loaded section that is not code: the server's own bss_info."""
    for si, s in enumerate(e.syms):
        if e.is_alloc(s[3]) and e.sections[s[3]].name == '.bss_info' and s[1] & 0xf != STT_SECTION:
            return si
    raise SystemExit('mutate.py: no data symbol')


def point_at_data(e, secname, field_off):
    m = Mutant(e)
    rs, at, k, (off, info, add) = meta_reloc(e, secname, field_off)
    m.put('Q', at + 8, data_symbol(e) << 32 | (info & 0xffffffff))
    m.put('q', at + 16, 0)
    return m.d, {}


@mutation
def info_func_not_code(e):
    return point_at_data(e, '.bss_info', INFO_SVC + SVC_FUNCS)


@mutation
def info_dtor_not_code(e):
    return point_at_data(e, '.bss_info', INFO_DTOR)


@mutation
def local_dtor_not_code(e):
    return point_at_data(e, '.bss_locals', LOCAL_DTOR)


@mutation
def info_reloc_data_size(e):
    """A relocation that rewrites checked metadata: .bss_info.data_size becomes 128 MiB.

    The destructor's relocation is moved onto data_size and made absolute
    (against a FILE symbol, value 0) with the addend 128 MiB, above the limit."""
    m = Mutant(e)
    rs, at, k, (off, info, add) = meta_reloc(e, '.bss_info', INFO_DTOR)
    absym = [si for si, s in enumerate(e.syms) if s[3] == SHN_ABS][0]
    m.put('Q', at, INFO_DATA)
    m.put('Q', at + 8, absym << 32 | R_64)
    m.put('q', at + 16, 2 * MAX_DATA)
    return m.d, {'site': site(rs, k)}


def main(argv):
    if len(argv) == 2 and argv[1] == '--list':
        for name, _ in MUTATIONS:
            print(name)
        return 0
    if len(argv) != 3:
        print('usage: mutate.py BASE.srv OUTDIR | --list', file=sys.stderr)
        return 2
    with open(argv[1], 'rb') as f:
        elf = Elf(f.read())
    os.makedirs(argv[2], exist_ok=True)
    manifest = []
    for name, fn in MUTATIONS:
        data, var = fn(elf)
        with open(os.path.join(argv[2], name + '.srv'), 'wb') as f:
            f.write(bytes(data))
        manifest.append('\t'.join([name] + ['%s=%s' % kv for kv in sorted(var.items())]))
    with open(os.path.join(argv[2], 'MANIFEST'), 'w') as f:
        f.write('\n'.join(manifest) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
