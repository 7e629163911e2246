/// Replace pci_module_init() by pci_register_driver().
/// pci_module_init() registered a PCI driver and, in 2.4, failed when no
/// device matched; in 2.6 it became an alias of pci_register_driver() and
/// Linux 2.6.22 removed it.
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# False positives: none: pci_module_init is gone from Linux.
// Where: pci_module_init
// Checked on: tests/cocci/pci-module-init.c; a no-op on 2.6.24, 3.1, 3.10, 4.4, 4.19, 5.4, 5.10, 5.10.262 (Debian), 6.1.192 (Debian), 6.12.117 (Debian), 7.2.13 (Debian)

virtual patch
virtual report

@depends on patch@
expression D;
@@
- pci_module_init(D)
+ pci_register_driver(D)

@q depends on report@
expression D;
position p;
@@
pci_module_init@p(D)

@script:python depends on report@
p << q.p;
@@
coccilib.report.print_report(p[0], "pci_module_init (removed in 2.6.22)")
