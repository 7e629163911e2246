/// Fault injection: a wrong DMA address or length. A bus address (of type
/// dma_addr_t) that the driver writes to a register or a descriptor moves
/// by a few pages, and the length of a DMA allocation, mapping or transmit
/// command changes, when the site is armed (BSS_FAULT_DMA, BSS_FAULT_LEN).
/// The device then reads or writes memory that is not its buffer: a fault
/// no address space contains, only an IOMMU (docs/faults.md).
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
typedef dma_addr_t;
dma_addr_t E;
identifier f =~ "^(RTL_W(8|16|32)(_F)?|iowrite(8|16|32)|write[bwlq]|(ei_)?out[bwl](_p)?|cpu_to_le(32|64))$";
position p;
@@
f(..., E@p, ...)

@script:python s@
p << r.p;
n;
@@
num, keep = site("dma-address", p, "bus address moved by pages")
if keep:
    coccinelle.n = cocci.make_expr(num)
else:
    cocci.include_match(False)

@depends on patch@
typedef dma_addr_t;
dma_addr_t r.E;
position r.p;
expression s.n;
@@
- E@p
+ BSS_FAULT_DMA(n, E)

@rl@
expression D, L, A, B;
position p;
@@
(
dma_alloc_coherent(D, L@p, A, B)
|
\(dma_map_single\|dma_sync_single_for_cpu\|dma_sync_single_for_device\)(D, A, L@p, B)
)

@script:python sl@
p << rl.p;
n;
@@
num, keep = site("dma-length", p, "DMA length changed")
if keep:
    coccinelle.n = cocci.make_expr(num)
else:
    cocci.include_match(False)

@depends on patch@
expression rl.L;
position rl.p;
expression sl.n;
@@
- L@p
+ BSS_FAULT_LEN(n, L)

@rt@
identifier f =~ "^(RTL_W(8|16|32)(_F)?|iowrite(8|16|32)|write[bwlq]|(ei_)?out[bwl](_p)?)$";
expression R, V;
position p;
@@
f(R, V@p)

@script:python srt@
p << rt.p;
V << rt.V;
n;
@@
# a transmit command: the value written is computed from a length
if "len" not in V:
    cocci.include_match(False)
else:
    num, keep = site("dma-length", p, "transmit length changed")
    if keep:
        coccinelle.n = cocci.make_expr(num)
    else:
        cocci.include_match(False)

@depends on patch@
expression rt.V;
position rt.p;
expression srt.n;
@@
- V@p
+ BSS_FAULT_LEN(n, V)
