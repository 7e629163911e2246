/// Print MAC addresses with %pM instead of print_mac() and DECLARE_MAC_BUF.
/// Until Linux 2.6.29 a driver formatted an address into a buffer
/// (DECLARE_MAC_BUF(mac); ... "%s", print_mac(mac, addr)); 2.6.29 gave
/// printk the %pM conversion, which takes the address itself, and removed
/// print_mac() and DECLARE_MAC_BUF. The rule finds the call's format (the
/// first argument that holds a string), turns the %s that print_mac() fed
/// into %pM (a width for the string goes with it), passes the address, and
/// drops the buffer's declaration.
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# False positives: none known. A format that is not a literal (a variable)
//# is left alone and the port then stops on print_mac (no shim).
// Where: print_mac|DECLARE_MAC_BUF
// Checked on: Linux 2.6.24 (8139too.c); tests/cocci/print-mac.c; a no-op on 3.1, 3.10, 4.4, 4.19, 5.4, 5.10, 5.10.262 (Debian), 6.1.192 (Debian), 6.12.117 (Debian), 7.2.13 (Debian)

virtual patch
virtual report

@initialize:python@
@@
import re

CONV = re.compile(r"%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?(hh|h|ll|l|L|z|j|t)?([a-zA-Z%])")

def pm_format(fmt, k):
    """fmt (C text: string literals and macros) with the k-th conversion,
    which must be %s, turned into %pM; None if that is not so."""
    out, arg, pos = [], 0, 0
    for lit in re.finditer(r'"(?:[^"\\]|\\.)*"', fmt):
        s = lit.group(0)
        body, i, done = [], 0, None
        for c in CONV.finditer(s):
            if c.group(5) == "%":
                continue
            arg += (c.group(2) == "*") + (c.group(3) == "*")
            if arg == k:
                if c.group(5) != "s" or c.group(4):
                    return None
                done = s[:c.start()] + "%pM" + s[c.end():]  # width and flags go
            arg += 1
        out.append(fmt[pos:lit.start()] + (done if done is not None else s))
        pos = lit.end()
        if done is not None:
            return "".join(out) + fmt[pos:]
    return None

@r depends on patch@
identifier f, buf;
expression F, A;
expression list[n] es;
expression list es2;
position p;
@@
f@p(F, es, print_mac(buf, A), es2)

@script:python s@
F << r.F;
n << r.n;
nf;
@@
new = pm_format(F, int(n))
if new is None:
    cocci.include_match(False)
else:
    coccinelle.nf = cocci.make_expr(new)

@depends on patch@
identifier r.f, r.buf;
expression r.F, r.A, s.nf;
expression list r.es, r.es2;
position r.p;
@@
f@p(
- F
+ nf
  , es,
- print_mac(buf, A)
+ A
  , es2)

@r2 depends on patch@
identifier f, buf;
expression D, F, A;
expression list[n] es;
expression list es2;
position p;
@@
f@p(D, F, es, print_mac(buf, A), es2)

@script:python s2@
D << r2.D;
F << r2.F;
n << r2.n;
nf;
@@
new = pm_format(F, int(n)) if '"' not in D else None
if new is None:
    cocci.include_match(False)
else:
    coccinelle.nf = cocci.make_expr(new)

@depends on patch@
identifier r2.f, r2.buf;
expression r2.D, r2.F, r2.A, s2.nf;
expression list r2.es, r2.es2;
position r2.p;
@@
f@p(D,
- F
+ nf
  , es,
- print_mac(buf, A)
+ A
  , es2)

@depends on patch@
declarer name DECLARE_MAC_BUF;
identifier buf = {r.buf, r2.buf};
@@
- DECLARE_MAC_BUF(buf);

@q depends on report@
identifier buf;
expression A;
position p;
@@
print_mac@p(buf, A)

@script:python depends on report@
p << q.p;
@@
coccilib.report.print_report(p[0], "print_mac() (before 2.6.29): %pM")
