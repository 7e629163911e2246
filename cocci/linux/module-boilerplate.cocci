/// Remove module metadata, module parameters and the module exit hook.
/// A BSS server is not a loadable module: its metadata is the server
/// file's, its configuration comes from the config server, and it is
/// unloaded when its last reference goes (the destructor), so these
/// declarations have nothing to describe. The exit function is removed with
/// its registration; module_init is handled by pci-driver.cocci.
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# False positives: none known; a driver whose module_exit does more than
//# unregister its driver loses that work (pci-driver.cocci then reports it).
// Where: MODULE_LICENSE|module_param|module_exit
// Checked on: Linux 2.6.24, 3.1, 3.10, 4.4, 4.19, 5.4, 5.10, 5.10.262 (Debian), 6.1.192 (Debian), 6.12.117 (Debian), 7.2.13 (Debian) (8139too.c)

virtual patch
virtual report

@meta depends on patch@
declarer name MODULE_AUTHOR, MODULE_DESCRIPTION, MODULE_LICENSE, MODULE_VERSION,
	MODULE_PARM_DESC, MODULE_DEVICE_TABLE, MODULE_FIRMWARE, MODULE_ALIAS;
expression list es;
@@
(
- MODULE_AUTHOR(es);
|
- MODULE_DESCRIPTION(es);
|
- MODULE_LICENSE(es);
|
- MODULE_VERSION(es);
|
- MODULE_PARM_DESC(es);
|
- MODULE_DEVICE_TABLE(es);
|
- MODULE_FIRMWARE(es);
|
- MODULE_ALIAS(es);
)

@param depends on patch@
declarer name module_param, module_param_array, module_param_named;
expression list es;
@@
(
- module_param(es);
|
- module_param_array(es);
|
- module_param_named(es);
)

@exitfn depends on patch@
declarer name module_exit;
identifier fn;
@@
- module_exit(fn);

@depends on patch@
identifier exitfn.fn;
@@
- void fn(void) { ... }

@r depends on report@
declarer name module_param;
expression list es;
position p;
@@
module_param@p(es);

@script:python depends on report@
p << r.p;
@@
coccilib.report.print_report(p[0], "module parameter: not exposed by a server")
