/// Remove the ethtool operations, the MII ioctl and the functions they
/// point to. The ethdev service exposes MAC, MTU, link state, queues and
/// counters; ethtool and SIOCxMII requests have no client in a BSS system.
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# False positives: a function used both by ethtool_ops and elsewhere would
//# be removed while still called; the port then stops naming it.
// Where: ethtool_ops|ndo_(eth|do)_ioctl
// Checked on: Linux 2.6.24, 3.1, 3.10, 4.4, 4.19, 5.4, 5.10, 5.10.262 (Debian), 6.1.192 (Debian), 6.12.117 (Debian), 7.2.13 (Debian) (8139too.c)

virtual patch

@ops depends on patch@
identifier o, f, fld;
@@
struct ethtool_ops o = { ..., .fld = f, ... };

@depends on patch@
identifier ops.f;
type T;
@@
- T f(...) { ... }

@depends on patch@
identifier ops.o;
@@
- struct ethtool_ops o = { ... };

@depends on patch@
identifier ops.o;
@@
- struct ethtool_ops o;

@depends on patch@
identifier ops.o;
expression D;
@@
- D->ethtool_ops = &o;

@ioctl depends on patch@
identifier o, f;
@@
struct net_device_ops o = {
- .ndo_eth_ioctl = f,
};

@ioctl2 depends on patch@
identifier o, f;
@@
struct net_device_ops o = {
- .ndo_do_ioctl = f,
};

@depends on patch@
identifier f = {ioctl.f, ioctl2.f};
type T;
@@
- T f(...) { ... }

@depends on patch@
identifier f = {ioctl.f, ioctl2.f};
type T;
parameter list ps;
@@
- T f(ps);
