/// Make the PCI driver the server's constructor. module_init's function
/// only registers the pci_driver, and module_pci_driver() says the same in
/// one line; both become bss_pci_server(DRIVER), which the pci.h shim turns
/// into the entry the glue's constructor calls with the PCI device that
/// the PCI server handed over as a required service (id table match, then
/// probe). The registration function goes: there is no driver core.
/// An init function doing more than registering (module parameters'
/// checks, messages, other buses: pcnet32, e1000) stays, as the module's
/// init the bridge runs before probe: bss_pci_server_init(DRIVER, FN), and
/// its pci_register_driver(&DRIVER) is 0 (the server is the registration).
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# False positives: an init function that never calls pci_register_driver is
//# not matched and is left alone; the port then stops on module_init (no shim).
// Where: pci_register_driver|module_pci_driver
// Checked on: Linux 2.6.24, 3.1, 3.10, 4.4, 4.19, 5.4, 5.10, 5.10.262 (Debian), 6.1.192 (Debian), 6.12.117 (Debian), 7.2.13 (Debian) (8139too.c)

virtual patch
virtual report

@initfn@
identifier fn, drv;
@@
int fn(void) { ... return pci_register_driver(&drv); }

@depends on patch@
identifier initfn.fn;
@@
- int fn(void) { ... }

@depends on patch@
declarer name module_init, bss_pci_server;
identifier initfn.fn, initfn.drv;
@@
- module_init(fn);
+ bss_pci_server(drv);

@initany depends on !initfn@
identifier fn, drv;
@@
int fn(void) { <+... pci_register_driver(&drv) ...+> }

@depends on patch@
declarer name module_init, bss_pci_server_init;
identifier initany.fn, initany.drv;
@@
- module_init(fn);
+ bss_pci_server_init(drv, fn);

@depends on patch@
identifier initany.fn, initany.drv;
@@
int fn(void) { <...
- pci_register_driver(&drv)
+ 0
...> }

@depends on patch@
declarer name module_pci_driver, bss_pci_server;
identifier drv;
@@
- module_pci_driver(drv);
+ bss_pci_server(drv);

@r depends on report@
identifier initfn.drv;
position p;
@@
struct pci_driver drv@p = { ... };

@script:python depends on report@
p << r.p;
d << initfn.drv;
@@
coccilib.report.print_report(p[0], "PCI driver %s becomes the server constructor" % d)
