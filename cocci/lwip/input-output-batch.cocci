/// Let the TCP server's glue decide when tcp_input() sends what a received
/// segment made sendable. lwIP calls tcp_output() at the end of every
/// segment's processing; a sender gets an ACK every few segments, and a
/// batch of received frames brings a dozen or more of them at once, each
/// followed by its own tcp_output() pass. The call becomes
/// lwip_tcp_input_output(), which the server's hook file
/// (shims/lwip/server/lwip_tcp_hooks.h) defines: it may mark the pcb for
/// one tcp_output() when the batch is through, or call tcp_output() at
/// once as before.
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# False positives: none known; the other tcp_output() calls of tcp_in.c
//# (the SYN-ACK of tcp_listen_input, TIME-WAIT's ACK) are left alone.
// Checked on: lwIP 2.1.3 (src/core/tcp_in.c: tcp_input)

virtual patch
virtual report

@r depends on patch@
identifier P;
statement S;
@@
  if (tcp_input_delayed_close(P)) S
- tcp_output(P);
+ lwip_tcp_input_output(P);

// lwip_tcp_input_output() is declared by the shim header lwip/tcp_ip.h.
@depends on patch && r@
@@
  #include "lwip/netif.h"
+ #include "lwip/tcp_ip.h"

@c depends on report@
identifier P;
statement S;
position p;
@@
  if (tcp_input_delayed_close(P)) S
  tcp_output@p(P);

@script:python depends on report@
p << c.p;
@@
coccilib.report.print_report(p[0], "tcp_input's tcp_output(): the glue's lwip_tcp_input_output()")
