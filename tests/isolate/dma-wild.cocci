// The DMA-wild driver of tests/isolate/iommu.test: the ported 8139cp whose
// first fill of the RX ring gives the device the kernel's first page of code
// (physical 0x100000) as every receive buffer, so the chip writes the
// peer's frames there. Without an IOMMU that overwrites the kernel; with
// one the unit blocks each write and records a fault. The refills after a
// frame (cp_rx_poll) use the real buffers, so the ring heals frame by frame.
@@
identifier f = cp_refill_rx;
expression M;
@@
 f(...) {
 <...
 cp->rx_ring[i].addr =
-	cpu_to_le64(M)
+	cpu_to_le64(0x100000)
 ;
 ...>
 }
