/// Send TCP segments through the IPv4 service's TCP output instead of
/// lwIP's protocol-generic ip_output_if(). The TCP server's handle on the
/// IPv4 server is bound to protocol 6, so the protocol argument goes; the
/// call names a function the shim implements (tcp_ip_output) rather than
/// an lwIP IP-layer name, so a call for another protocol cannot compile.
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# False positives: none known; calls with another protocol are left alone
//# (there are none in the TCP core).
// Checked on: lwIP 2.1.3 (src/core/tcp_out.c: tcp_output_segment,
// tcp_output_control_segment)

virtual patch
virtual report

@r depends on patch@
expression P, S, D, TTL, TOS, N;
@@
- ip_output_if(P, S, D, TTL, TOS, IP_PROTO_TCP, N)
+ tcp_ip_output(P, S, D, TTL, TOS, N)

// tcp_ip_output() is declared by the shim header lwip/tcp_ip.h.
@depends on patch && r@
@@
  #include "lwip/netif.h"
+ #include "lwip/tcp_ip.h"

@c depends on report@
expression P, S, D, TTL, TOS, N;
position p;
@@
  ip_output_if@p(P, S, D, TTL, TOS, IP_PROTO_TCP, N)

@script:python depends on report@
p << c.p;
@@
coccilib.report.print_report(p[0], "TCP output through ip_output_if(): use tcp_ip_output()")
