/// Remove PCI power management: the suspend/resume callbacks, their
/// dev_pm_ops and the pci_driver's .driver.pm, or the pci_driver's legacy
/// .suspend/.resume callbacks (the only form before Linux 2.6.32, and what
/// 8139too used before it moved to dev_pm_ops in the 5.x series); Linux
/// 5.17's DEFINE_SIMPLE_DEV_PM_OPS (e1000 6.12) as SIMPLE_DEV_PM_OPS. No BSS service suspends a device; a stopped
/// driver server is destroyed (remove) instead.
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# False positives: none known.
// Where: (DEFINE_)?SIMPLE_DEV_PM_OPS|\.suspend\s*=|\.driver\.pm
// Checked on: Linux 2.6.24, 3.1, 3.10, 4.4, 4.19, 5.4, 5.10, 5.10.262 (Debian), 6.1.192 (Debian), 6.12.117 (Debian), 7.2.13 (Debian) (8139too.c); 6.1.192, 6.12.117 (Debian) (e1000_main.c)

virtual patch

@pm depends on patch@
declarer name SIMPLE_DEV_PM_OPS, DEFINE_SIMPLE_DEV_PM_OPS;
identifier ops, s, r;
@@
(
- SIMPLE_DEV_PM_OPS(ops, s, r);
|
- DEFINE_SIMPLE_DEV_PM_OPS(ops, s, r);
)

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

@legacy depends on patch@
identifier drv, s, r;
@@
struct pci_driver drv = {
- .suspend = s,
- .resume = r,
};

@depends on patch@
identifier legacy.s, legacy.r;
type T;
@@
(
- T s(...) { ... }
|
- T r(...) { ... }
)

@depends on patch@
identifier legacy.s, legacy.r;
type T;
parameter list ps;
@@
(
- T s(ps);
|
- T r(ps);
)
