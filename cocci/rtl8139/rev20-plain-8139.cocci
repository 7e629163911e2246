/// Drive RTL8139C+ chips (PCI revision >= 0x20) in plain 8139 mode.
/// Stock 8139too refuses them ("use 8139cp"; older ones, like 2.6.24, only
/// advised 8139cp and went on); the C+ keeps the 8139 register set and
/// receive ring, so the probe's test goes, the early "return -ENODEV" with
/// it (or the advice, which is the driver database's business here). QEMU's
/// rtl8139 reports 0x20.
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# False positives: none; the rule only matches a probe-time test of
//# ->revision >= 0x20 that returns -ENODEV or only prints.
// Where: revision\s*>=\s*0x20
// Checked on: Linux 2.6.24, 3.1, 3.10, 4.4, 4.19, 5.4, 5.10, 5.10.262 (Debian), 6.1.192 (Debian), 6.12.117 (Debian), 7.2.13 (Debian) (8139too.c)

virtual patch
virtual report

@r@
identifier pdev;
expression E;
position p;
@@
(
  if@p (E && pdev->revision >= 0x20) {
    ...
    return -ENODEV;
  }
|
  if@p (E && pdev->revision >= 0x20) {
    dev_info(...);
    ... when any
  }
)

@depends on patch@
identifier r.pdev;
expression r.E;
position r.p;
@@
- if@p (E && pdev->revision >= 0x20) {
-   ...
- }

@script:python depends on report@
p << r.p;
@@
coccilib.report.print_report(p[0], "8139C+ (revision >= 0x20) refused: driven as a plain 8139 instead")
