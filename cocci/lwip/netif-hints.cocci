/// Drop lwIP's netif hints around TCP output. A hint caches the ARP entry
/// of a pcb's last segment inside lwIP's netif; in the BSS stack the
/// IPv4-over-Ethernet server resolves and caches addresses itself, behind
/// its service, so the TCP server has nothing to hint.
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# False positives: none known.
// Checked on: lwIP 2.1.3 (src/core/tcp_out.c: tcp_output_segment,
// tcp_output_control_segment)

virtual patch
virtual report

@r depends on patch@
expression N, H;
@@
(
- NETIF_SET_HINTS(N, H);
|
- NETIF_RESET_HINTS(N);
)

@c depends on report@
expression N, H;
position p;
@@
(
  NETIF_SET_HINTS@p(N, H);
|
  NETIF_RESET_HINTS@p(N);
)

@script:python depends on report@
p << c.p;
@@
coccilib.report.print_report(p[0], "netif hint: the IPv4 server caches addresses itself")
