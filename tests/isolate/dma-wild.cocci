// The DMA-wild driver of tests/isolate/iommu.test: the ported 8139cp whose
// RX ring fill gives the device the kernel's first page of code (physical
// 0x100000) as a receive buffer once per boot: where the kernel's fault
// probe says so (bss_fault, armed on the command line with "fault=1:1:0",
// fires at its first pass only), so the chip writes the peer's first
// frame there. Without an IOMMU that overwrites the kernel; with one the
// unit blocks the write, records a fault and the kernel ends the driver
// (docs/recovery.md), whose restarted instance, the probe spent, fills its
// ring with its real buffers and serves the peer.
@@
identifier f = cp_refill_rx;
expression M;
@@
 f(...) {
 <...
 cp->rx_ring[i].addr =
-	cpu_to_le64(M)
+	cpu_to_le64(bss_fault(1) ? 0x100000 : M)
 ;
 ...>
 }
