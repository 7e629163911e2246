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
// Checked on: Linux 2.6.24, 3.1, 3.10, 4.4, 4.19, 5.4, 5.10, 5.10.262 (Debian), 6.1.192 (Debian), 6.12.117 (Debian), 7.2.13 (Debian) (8139too.c)

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
