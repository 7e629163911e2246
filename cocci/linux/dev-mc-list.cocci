/// Walk the multicast list with netdev_for_each_mc_addr().
/// Until Linux 2.6.34 a driver walked dev->mc_list, a chain of struct
/// dev_mc_list (address in ->dmi_addr), counting with dev->mc_count.
/// 2.6.34 added netdev_mc_count(dev) and netdev_for_each_mc_addr(ha, dev),
/// and 2.6.35 made the list one of struct netdev_hw_addr (address in
/// ->addr), removing mc_list, mc_count and struct dev_mc_list. The loop
/// becomes netdev_for_each_mc_addr(), every dev->mc_count
/// netdev_mc_count(dev), and a struct dev_mc_list cursor (also one a
/// 2.6.34 netdev_for_each_mc_addr() loop walks) a struct netdev_hw_addr.
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# False positives: none: mc_list and mc_count are gone from Linux. A loop
//# that uses its counter in the body keeps the counter at 0; none known.
// Where: ->mc_list|->mc_count|dev_mc_list
// Checked on: Linux 2.6.24 (8139too.c); tests/cocci/dev-mc-list.c; a no-op on 3.1, 3.10, 4.4, 4.19, 5.4, 5.10, 5.10.262 (Debian), 6.1.192 (Debian), 6.12.117 (Debian), 7.2.13 (Debian)

virtual patch
virtual report

@loop depends on patch@
iterator name netdev_for_each_mc_addr;
struct net_device *D;
identifier M, I;
statement S;
@@
(
- for (I = 0, M = D->mc_list; M && I < D->mc_count; I++, M = M->next)
+ netdev_for_each_mc_addr(M, D)
  S
|
- for (M = D->mc_list, I = 0; M && I < D->mc_count; I++, M = M->next)
+ netdev_for_each_mc_addr(M, D)
  S
|
- for (I = 0, M = D->mc_list; I < D->mc_count; I++, M = M->next)
+ netdev_for_each_mc_addr(M, D)
  S
|
- for (M = D->mc_list; M; M = M->next)
+ netdev_for_each_mc_addr(M, D)
  S
|
- for (M = D->mc_list; M != NULL; M = M->next)
+ netdev_for_each_mc_addr(M, D)
  S
)

@cursor depends on patch@
identifier M;
@@
- struct dev_mc_list *M;
+ struct netdev_hw_addr *M;

@depends on patch@
identifier cursor.M;
@@
- M->dmi_addr
+ M->addr

@depends on patch@
struct net_device *D;
@@
- D->mc_count
+ netdev_mc_count(D)

@q depends on report@
struct net_device *D;
position p;
@@
(
  D->mc_list@p
|
  D->mc_count@p
)

@script:python depends on report@
p << q.p;
@@
coccilib.report.print_report(p[0], "multicast list walked through mc_list/mc_count (before 2.6.35)")
