/// Replace synchronize_sched() and synchronize_rcu_bh() by synchronize_rcu().
/// Linux 4.20 merged the RCU flavours: a grace period of RCU now also
/// waits for preempt-disabled and bh-disabled readers. 5.1 removed the
/// flavoured calls.
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# False positives: none: the flavoured calls are gone from Linux.
// Where: synchronize_(sched|rcu_bh)
// Checked on: Linux 4.19 (8139too.c); tests/cocci/synchronize-sched.c; a no-op on 2.6.24, 3.1, 3.10, 4.4, 5.4, 5.10, 5.10.262 (Debian), 6.1.192 (Debian), 6.12.117 (Debian), 7.2.13 (Debian)

virtual patch
virtual report

@depends on patch@
@@
(
- synchronize_sched()
+ synchronize_rcu()
|
- synchronize_rcu_bh()
+ synchronize_rcu()
|
- synchronize_sched_expedited()
+ synchronize_rcu_expedited()
|
- synchronize_rcu_bh_expedited()
+ synchronize_rcu_expedited()
)

@q depends on report@
position p;
@@
(
synchronize_sched@p()
|
synchronize_rcu_bh@p()
)

@script:python depends on report@
p << q.p;
@@
coccilib.report.print_report(p[0], "flavoured RCU grace period (removed in 5.1)")
