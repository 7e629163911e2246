/// Remove PCI power management: the suspend/resume callbacks, their
/// dev_pm_ops and the pci_driver's .driver.pm. No BSS service suspends a
/// device; a stopped driver server is destroyed (remove) instead.
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# False positives: none known.
// Checked on: Linux 6.1.192, 6.12.117 (drivers/net/ethernet/realtek/8139too.c)

virtual patch

@pm depends on patch@
declarer name SIMPLE_DEV_PM_OPS;
identifier ops, s, r;
@@
- SIMPLE_DEV_PM_OPS(ops, s, r);

@depends on patch@
identifier pm.s, pm.r;
type T;
@@
(
- T s(...) { ... }
|
- T r(...) { ... }
)

@depends on patch@
identifier drv;
expression E;
@@
struct pci_driver drv = {
- .driver.pm = E,
};

@depends on patch@
identifier drv;
expression E;
@@
struct pci_driver drv = {
  .driver = {
- .pm = E,
  },
};
