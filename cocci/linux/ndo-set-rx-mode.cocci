/// Rename the ndo_set_multicast_list callback to ndo_set_rx_mode.
/// Linux 3.2 removed ndo_set_multicast_list from struct net_device_ops;
/// ndo_set_rx_mode, called in the same places, took over.
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# False positives: none: the field is gone from Linux.
// Where: ndo_set_multicast_list
// Checked on: Linux 2.6.24, 3.1 (8139too.c); tests/cocci/ndo-set-rx-mode.c; a no-op on 3.10, 4.4, 4.19, 5.4, 5.10, 5.10.262 (Debian), 6.1.192 (Debian), 6.12.117 (Debian), 7.2.13 (Debian)

virtual patch
virtual report

@depends on patch@
identifier ops, f;
@@
struct net_device_ops ops = {
  .
- ndo_set_multicast_list
+ ndo_set_rx_mode
  = f,
};

@q depends on report@
identifier ops, f;
position p;
@@
struct net_device_ops ops@p = { .ndo_set_multicast_list = f, };

@script:python depends on report@
p << q.p;
@@
coccilib.report.print_report(p[0], "ndo_set_multicast_list (before 3.2)")
