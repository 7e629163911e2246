/// Make the ndo_get_stats64 callback return void.
/// It filled the caller's struct rtnl_link_stats64 and returned the same
/// pointer; Linux 4.11 made it a void function. The function (and its
/// prototype) return void and its return statements return nothing.
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# False positives: none: every ndo_get_stats64 is void since 4.11.
// Where: ^(static\s+)?struct rtnl_link_stats64\s*\*\s*(\w+\s*\()?\s*$|^(static\s+)?struct rtnl_link_stats64\s*\*\s*\w+\s*\(
// Checked on: Linux 3.10, 4.4 (8139too.c); tests/cocci/get-stats64-void.c; a no-op on 2.6.24, 3.1, 4.19, 5.4, 5.10, 5.10.262 (Debian), 6.1.192 (Debian), 6.12.117 (Debian), 7.2.13 (Debian)

virtual patch
virtual report

@ops@
identifier o, f;
@@
struct net_device_ops o = { ..., .ndo_get_stats64 = f, ... };

@fn depends on patch@
identifier ops.f;
expression E;
@@
- struct rtnl_link_stats64 *
+ void
  f(...)
  {
  <...
- return E;
+ return;
  ...>
  }

@depends on patch@
identifier ops.f;
parameter list ps;
@@
- struct rtnl_link_stats64 *
+ void
  f(ps);

@q depends on report@
identifier ops.f;
position p;
@@
struct rtnl_link_stats64 *f@p(...) { ... }

@script:python depends on report@
p << q.p;
@@
coccilib.report.print_report(p[0], "ndo_get_stats64 returns a pointer (before 4.11)")
