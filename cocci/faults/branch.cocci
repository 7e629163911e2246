/// Fault injection: an inverted branch. The condition of an if statement
/// is negated when its site is armed: the logic error SWIFI campaigns
/// (Nooks, MINIX 3) emulate by flipping a branch instruction.
/// BSS_FAULT_IF(site, faulty, original) (cocci/faults/fault.h) evaluates
/// the original condition unless the boot armed this site (docs/faults.md).
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# Conditions inside macros the driver defines are not matched (spatch does
//# not expand them); they are left alone.
// Checked on: the 8139too port of Linux 6.1.192 and 6.12.117

virtual patch

@initialize:python@
@@
import os, sys
sys.path.insert(0, os.environ["FAULT_PYDIR"])
from faultsite import site

@r@
expression E;
statement S;
position p;
@@
if (E@p) S

@script:python s@
p << r.p;
n;
@@
num, keep = site("branch", p, "condition negated")
if keep:
    coccinelle.n = cocci.make_expr(num)
else:
    cocci.include_match(False)

@depends on patch@
expression r.E;
position r.p;
expression s.n;
@@
- E@p
+ BSS_FAULT_IF(n, !(E), !!(E))
