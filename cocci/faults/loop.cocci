/// Fault injection: an endless loop. The condition of a while or a for
/// loop stays true for ever once its site was armed
/// (BSS_FAULT_STICKY, cocci/faults/fault.h): the hang a watchdog must catch,
/// in a thread or in an interrupt handler (docs/faults.md).
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# do-while loops are not matched: spatch 1.1 cannot put a position on
//# their condition.
// Checked on: the 8139too port of Linux 6.1.192 and 6.12.117

virtual patch

@initialize:python@
@@
import os, sys
sys.path.insert(0, os.environ["FAULT_PYDIR"])
from faultsite import site

@r@
expression E, I, U;
statement S;
position p;
@@
(
while (E@p) S
|
for (I; E@p; U) S
|
for (; E@p; U) S
|
for (I; E@p; ) S
)

@script:python s@
p << r.p;
n;
@@
num, keep = site("endless-loop", p, "the loop never ends")
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
+ BSS_FAULT_STICKY(n) || (E)
