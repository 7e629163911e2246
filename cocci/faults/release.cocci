/// Fault injection: a skipped unlock or release. A call that gives back a
/// lock, a buffer, the NAPI context or a resource is skipped when its site
/// is armed: the deadlock or the leak of the campaigns of Nooks and MINIX 3
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
identifier f =~ "^(spin_unlock(_irq|_irqrestore|_bh)?|mutex_unlock|rtnl_unlock|dev_kfree_skb(_any|_irq)?|dev_consume_skb_any|kfree|napi_complete(_done)?|free_irq|pci_iounmap|dma_free_coherent)$";
expression list es;
position p;
@@
f@p(es);

@script:python s@
p << r.p;
n;
@@
num, keep = site("skipped-release", p, "unlock or release skipped")
if keep:
    coccinelle.n = cocci.make_expr(num)
else:
    cocci.include_match(False)

@depends on patch@
identifier r.f;
expression list r.es;
position r.p;
expression s.n;
@@
- f@p(es);
+ if (BSS_FAULT_RUN(n))
+	f(es);
