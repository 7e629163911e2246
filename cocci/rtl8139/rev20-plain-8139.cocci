/// Drive RTL8139C+ chips (PCI revision >= 0x20) in plain 8139 mode.
/// Stock 8139too refuses them ("use 8139cp"); the kit has no 8139cp port,
/// and the C+ keeps the 8139 register set and receive ring, so the early
/// "return -ENODEV" in the probe is removed. QEMU's rtl8139 reports 0x20.
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# False positives: none; the rule only matches a probe-time test of
//# ->revision >= 0x20 that returns -ENODEV.
// Where: revision\s*>=\s*0x20
// Checked on: Linux 6.1.192, 6.12.117 (drivers/net/ethernet/realtek/8139too.c)

virtual patch
virtual report

@r@
identifier pdev;
expression E;
position p;
@@
  if@p (E && pdev->revision >= 0x20) {
    ...
    return -ENODEV;
  }

@depends on patch@
identifier r.pdev;
expression r.E;
position r.p;
@@
- if@p (E && pdev->revision >= 0x20) {
-   ...
-   return -ENODEV;
- }

@script:python depends on report@
p << r.p;
@@
coccilib.report.print_report(p[0], "8139C+ (revision >= 0x20) refused: driven as a plain 8139 instead")
