/// Keep receiving while the chip says its RX buffer is not empty.
/// The poll routine only looks at the ring when IntrStatus has an RX bit.
/// Under bulk traffic the 32 KiB ring fills, the budget runs out, and the
/// RX bits have already been acknowledged per packet: the next poll finds
/// IntrStatus = 0 and completes, while ChipCmd still reads 0x0c (buffer not
/// empty) and the chip, its ring full, never raises another RX interrupt.
/// Rule: poll the ring if IntrStatus has an RX bit OR ChipCmd lacks
/// RxBufEmpty.
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# False positives: none; the condition is specific to 8139too's poll.
// Where: if \(.*IntrStatus.*RxAckBits
// Checked on: Linux 6.1.192, 6.12.117 (drivers/net/ethernet/realtek/8139too.c)

virtual patch
virtual report

@r@
identifier poll, napi, budget, dev, tp, work_done;
symbol IntrStatus, RxAckBits, ChipCmd, RxBufEmpty;
position p;
@@
int poll(struct napi_struct *napi, int budget)
{
  ...
  if@p (
- likely(RTL_R16(IntrStatus) & RxAckBits)
+ likely(RTL_R16(IntrStatus) & RxAckBits) || !(RTL_R8(ChipCmd) & RxBufEmpty)
  )
    work_done += rtl8139_rx(dev, tp, budget);
  ...
}

@script:python depends on report@
p << r.p;
@@
coccilib.report.print_report(p[0], "RX poll continues while ChipCmd says the buffer is not empty")
