/// Give the ndo_tx_timeout callback the number of the stuck TX queue.
/// Linux 5.6 added "unsigned int txqueue" to ndo_tx_timeout; a driver with
/// one queue ignores it. The parameter is added to the function the
/// net_device_ops points to and to its prototype.
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# False positives: none: every ndo_tx_timeout takes the queue since 5.6.
// Where: tx_timeout\s*\(struct net_device \*\w+\)
// Checked on: Linux 2.6.24, 3.1, 3.10, 4.4, 4.19, 5.4 (8139too.c); tests/cocci/tx-timeout-txqueue.c; a no-op on 5.10, 5.10.262 (Debian), 6.1.192 (Debian), 6.12.117 (Debian), 7.2.13 (Debian)

virtual patch
virtual report

@ops@
identifier o, f;
@@
struct net_device_ops o = { ..., .ndo_tx_timeout = f, ... };

@depends on patch@
identifier ops.f, dev;
type T;
@@
  T f(struct net_device *dev
+     , unsigned int txqueue
  ) { ... }

@depends on patch@
identifier ops.f, dev;
type T;
@@
  T f(struct net_device *dev
+     , unsigned int txqueue
  );

@q depends on report@
identifier ops.f, dev;
type T;
position p;
@@
T f@p(struct net_device *dev) { ... }

@script:python depends on report@
p << q.p;
@@
coccilib.report.print_report(p[0], "ndo_tx_timeout without the queue number (before 5.6)")
