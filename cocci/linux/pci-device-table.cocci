/// Spell DEFINE_PCI_DEVICE_TABLE(t) out as const struct pci_device_id t[].
/// The macro only wrote that declaration (with __devinitconst); Linux 3.8
/// deprecated it and 4.8 removed it.
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# False positives: none: the macro is gone from Linux.
// Where: DEFINE_PCI_DEVICE_TABLE
// Checked on: Linux 3.1, 3.10 (8139too.c); tests/cocci/pci-device-table.c; a no-op on 2.6.24, 4.4, 4.19, 5.4, 5.10, 5.10.262 (Debian), 6.1.192 (Debian), 6.12.117 (Debian), 7.2.13 (Debian)

virtual patch
virtual report

@depends on patch@
declarer name DEFINE_PCI_DEVICE_TABLE;
identifier t;
@@
- DEFINE_PCI_DEVICE_TABLE(t)
+ const struct pci_device_id t[]
  = ...;

@q depends on report@
declarer name DEFINE_PCI_DEVICE_TABLE;
identifier t;
position p;
@@
DEFINE_PCI_DEVICE_TABLE@p(t) = ...;

@script:python depends on report@
p << q.p;
@@
coccilib.report.print_report(p[0], "DEFINE_PCI_DEVICE_TABLE (removed in 4.8)")
