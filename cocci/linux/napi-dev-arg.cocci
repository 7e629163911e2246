/// Drop the net_device argument of the NAPI calls.
/// Linux 2.6.24 gave NAPI its own struct napi_struct but kept the device in
/// the calls: netif_rx_schedule_prep(dev, napi), __netif_rx_schedule(dev,
/// napi), netif_rx_schedule(dev, napi), netif_rx_complete(dev, napi),
/// __netif_rx_complete(dev, napi). Linux 2.6.29 renamed them to
/// napi_schedule_prep(napi), __napi_schedule(napi), napi_schedule(napi),
/// napi_complete(napi) and __napi_complete(napi), the napi_struct knowing
/// its device.
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# False positives: none: the old names are gone from Linux.
// Where: netif_rx_(schedule|complete)
// Checked on: Linux 2.6.24 (8139too.c); tests/cocci/napi-dev-arg.c; a no-op on 3.1, 3.10, 4.4, 4.19, 5.4, 5.10, 5.10.262 (Debian), 6.1.192 (Debian), 6.12.117 (Debian), 7.2.13 (Debian)

virtual patch
virtual report

@r depends on patch@
expression D, N;
@@
(
- netif_rx_schedule_prep(D, N)
+ napi_schedule_prep(N)
|
- __netif_rx_schedule(D, N)
+ __napi_schedule(N)
|
- netif_rx_schedule(D, N)
+ napi_schedule(N)
|
- netif_rx_complete(D, N)
+ napi_complete(N)
|
- __netif_rx_complete(D, N)
+ __napi_complete(N)
)

@q depends on report@
expression D, N;
position p;
@@
(
  netif_rx_schedule_prep@p(D, N)
|
  __netif_rx_schedule@p(D, N)
|
  netif_rx_schedule@p(D, N)
|
  netif_rx_complete@p(D, N)
|
  __netif_rx_complete@p(D, N)
)

@script:python depends on report@
p << q.p;
@@
coccilib.report.print_report(p[0], "NAPI call with a net_device argument (before 2.6.29)")
