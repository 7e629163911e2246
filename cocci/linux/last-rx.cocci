/// Drop the stores to dev->last_rx.
/// Drivers stamped every received frame with dev->last_rx = jiffies for
/// the bonding driver's ARP monitor; Linux 2.6.29 gave bonding its own
/// stamp and drivers stopped setting the field, which later went away.
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# False positives: none: nothing reads the field in a driver.
// Where: last_rx
// Checked on: Linux 2.6.24 (8139too.c); tests/cocci/last-rx.c; a no-op on 3.1, 3.10, 4.4, 4.19, 5.4, 5.10, 5.10.262 (Debian), 6.1.192 (Debian), 6.12.117 (Debian), 7.2.13 (Debian)

virtual patch
virtual report

@depends on patch@
struct net_device *D;
expression E;
@@
- D->last_rx = E;

@q depends on report@
struct net_device *D;
expression E;
position p;
@@
D->last_rx@p = E;

@script:python depends on report@
p << q.p;
@@
coccilib.report.print_report(p[0], "dev->last_rx (before 2.6.29)")
