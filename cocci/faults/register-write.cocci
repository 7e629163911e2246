/// Fault injection: a missing or an extra register write. Each statement
/// that writes a device register (the driver's RTL_W* macros, iowrite*,
/// write*, out*, 8390's ei_out*) becomes two sites: the write is skipped
/// when the first is armed, and done twice when the second is
/// (docs/faults.md).
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
// Checked on: the 8139too port of Linux 6.1.192 and 6.12.117

virtual patch

@initialize:python@
@@
import os, sys
sys.path.insert(0, os.environ["FAULT_PYDIR"])
from faultsite import site

@r@
identifier f =~ "^(RTL_W(8|16|32)(_F)?|iowrite(8|16|32)|write[bwlq]|(ei_)?out[bwl](_p)?)$";
expression list es;
position p;
@@
f@p(es);

@script:python s@
p << r.p;
n;
@@
num, keep = site("missing-write", p, "register write skipped")
if keep:
    coccinelle.n = cocci.make_expr(num)
else:
    cocci.include_match(False)

@script:python s2@
p << r.p;
m;
@@
num, keep = site("extra-write", p, "register write done twice")
if keep:
    coccinelle.m = cocci.make_expr(num)
else:
    cocci.include_match(False)

@depends on patch@
identifier r.f;
expression list r.es;
position r.p;
expression s.n, s2.m;
@@
- f@p(es);
+ if (BSS_FAULT_RUN(n))
+	f(es);
+ if (BSS_FAULT_ON(m))
+	f(es);
