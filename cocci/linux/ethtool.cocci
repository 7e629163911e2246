/// Remove the ethtool operations, the MII ioctl and the functions they
/// point to. The ethdev service exposes MAC, MTU, link state, queues and
/// counters; ethtool and SIOCxMII requests have no client in a BSS system.
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# False positives: a function used both by ethtool_ops and elsewhere would
//# be removed while still called; the port then stops naming it.
// Checked on: Linux 6.1.192, 6.12.117 (drivers/net/ethernet/realtek/8139too.c)

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
