/// Fault injection: an off-by-one error. A comparison's boundary moves by
/// one (< becomes <=, <= becomes <, and so for > and >=) when its site is
/// armed: the loop that runs once too often, the check that lets one too
/// many through (docs/faults.md).
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

@r0@
expression E1, E2;
position p;
@@
E1 <@p E2

@script:python s0@
p << r0.p;
n;
@@
num, keep = site("off-by-one", p, "< becomes <=")
if keep:
    coccinelle.n = cocci.make_expr(num)
else:
    cocci.include_match(False)

@depends on patch@
expression r0.E1, r0.E2;
position r0.p;
expression s0.n;
@@
- E1 <@p E2
+ BSS_FAULT_IF(n, (E1) <= (E2), (E1) < (E2))

@r1@
expression E1, E2;
position p;
@@
E1 <=@p E2

@script:python s1@
p << r1.p;
n;
@@
num, keep = site("off-by-one", p, "<= becomes <")
if keep:
    coccinelle.n = cocci.make_expr(num)
else:
    cocci.include_match(False)

@depends on patch@
expression r1.E1, r1.E2;
position r1.p;
expression s1.n;
@@
- E1 <=@p E2
+ BSS_FAULT_IF(n, (E1) < (E2), (E1) <= (E2))

@r2@
expression E1, E2;
position p;
@@
E1 >@p E2

@script:python s2@
p << r2.p;
n;
@@
num, keep = site("off-by-one", p, "> becomes >=")
if keep:
    coccinelle.n = cocci.make_expr(num)
else:
    cocci.include_match(False)

@depends on patch@
expression r2.E1, r2.E2;
position r2.p;
expression s2.n;
@@
- E1 >@p E2
+ BSS_FAULT_IF(n, (E1) >= (E2), (E1) > (E2))

@r3@
expression E1, E2;
position p;
@@
E1 >=@p E2

@script:python s3@
p << r3.p;
n;
@@
num, keep = site("off-by-one", p, ">= becomes >")
if keep:
    coccinelle.n = cocci.make_expr(num)
else:
    cocci.include_match(False)

@depends on patch@
expression r3.E1, r3.E2;
position r3.p;
expression s3.n;
@@
- E1 >=@p E2
+ BSS_FAULT_IF(n, (E1) > (E2), (E1) >= (E2))
