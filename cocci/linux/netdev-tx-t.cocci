/// Make the ndo_start_xmit callback return netdev_tx_t.
/// Transmit functions returned int (NETDEV_TX_OK, NETDEV_TX_BUSY); Linux
/// 2.6.32 gave the values their own type, netdev_tx_t, and made it the
/// return type of ndo_start_xmit. The function and its prototype change.
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# False positives: none: the callback returns netdev_tx_t since 2.6.32.
// Where: int \w*start_xmit
// Checked on: Linux 2.6.24 (8139too.c); tests/cocci/netdev-tx-t.c; a no-op on 3.1, 3.10, 4.4, 4.19, 5.4, 5.10, 5.10.262 (Debian), 6.1.192 (Debian), 6.12.117 (Debian), 7.2.13 (Debian)

virtual patch
virtual report

@ops@
identifier o, f;
@@
struct net_device_ops o = { ..., .ndo_start_xmit = f, ... };

@depends on patch@
identifier ops.f;
typedef netdev_tx_t;
@@
- int
+ netdev_tx_t
  f(...) { ... }

@depends on patch@
identifier ops.f;
typedef netdev_tx_t;
parameter list ps;
@@
- int
+ netdev_tx_t
  f(ps);

@q depends on report@
identifier ops.f;
position p;
@@
int f@p(...) { ... }

@script:python depends on report@
p << q.p;
@@
coccilib.report.print_report(p[0], "ndo_start_xmit returns int (before 2.6.32)")
