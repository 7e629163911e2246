/// Drop ".ndo_change_mtu = eth_change_mtu" from net_device_ops.
/// eth_change_mtu() only checked the new MTU against 68..1500. Linux 4.10
/// moved that check into the core (dev->min_mtu, dev->max_mtu, set by
/// ether_setup) and removed eth_change_mtu: an Ethernet driver without its
/// own MTU logic leaves the callback empty.
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# False positives: none: eth_change_mtu is gone from Linux.
// Where: eth_change_mtu
// Checked on: Linux 3.1, 3.10 (8139too.c); tests/cocci/eth-change-mtu.c; a no-op on 2.6.24, 4.4, 4.19, 5.4, 5.10, 5.10.262 (Debian), 6.1.192 (Debian), 6.12.117 (Debian), 7.2.13 (Debian)

virtual patch
virtual report

@depends on patch@
identifier ops;
symbol eth_change_mtu;
@@
struct net_device_ops ops = {
- .ndo_change_mtu = eth_change_mtu,
};

@q depends on report@
identifier ops;
symbol eth_change_mtu;
position p;
@@
struct net_device_ops ops@p = { .ndo_change_mtu = eth_change_mtu, };

@script:python depends on report@
p << q.p;
@@
coccilib.report.print_report(p[0], "eth_change_mtu (removed in 4.10)")
