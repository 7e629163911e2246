/// Fault injection: a corrupted pointer. Where a pointer variable is
/// dereferenced (x->field), one bit of the pointer is flipped when the
/// site is armed (BSS_FAULT_PTR, cocci/faults/fault.h): the pointer
/// corruption of the SWIFI campaigns of Nooks and MINIX 3. Depending on the
/// bit it faults, or reads and writes the wrong memory (docs/faults.md).
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
identifier x, fld;
position p;
@@
x@p->fld

@script:python s@
p << r.p;
n;
@@
num, keep = site("pointer", p, "one bit of the pointer flipped")
if keep:
    coccinelle.n = cocci.make_expr(num)
else:
    cocci.include_match(False)

@depends on patch@
identifier r.x;
position r.p;
expression s.n;
@@
- x@p
+ BSS_FAULT_PTR(n, x)
