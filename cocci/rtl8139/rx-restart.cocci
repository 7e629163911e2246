/// Write CAPR (RxBufPtr) once the receiver is configured in hw_start, so
/// that a restarted driver receives again (docs/recovery.md). The chip
/// keeps frames it could not take while its ring was full, and QEMU's
/// rtl8139 delivers them only after a CAPR write; the driver writes CAPR
/// only after a frame it received. A driver that died with a full ring and
/// was restarted would never see a frame. The value written is the one a
/// reset leaves (cur_rx is 0: CAPR 0xfff0), so on a fresh chip it changes
/// nothing.
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# False positives: none; the rule only matches hw_start's RxConfig write.
// Where: RTL_W32 \(RxConfig, tp->rx_config\)
// Checked on: Linux 6.1.192, 6.12.117 (drivers/net/ethernet/realtek/8139too.c)

virtual patch
virtual report

@r@
identifier dev, tp;
symbol RxConfig;
position p;
@@
static void rtl8139_hw_start(struct net_device *dev)
{
  ...
  RTL_W32@p(RxConfig, tp->rx_config);
  ...
}

@depends on patch@
identifier r.tp;
position r.p;
@@
  RTL_W32@p(RxConfig, tp->rx_config);
+ RTL_W16(RxBufPtr, (u16)(tp->cur_rx - 16));

@script:python depends on report@
p << r.p;
@@
coccilib.report.print_report(p[0], "CAPR written after the receiver is configured: a restarted driver receives again")
