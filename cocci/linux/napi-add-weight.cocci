/// Drop the weight argument of netif_napi_add().
/// Linux 6.1 removed the weight from netif_napi_add(dev, napi, poll,
/// weight): every NAPI instance gets NAPI_POLL_WEIGHT (64), and the few
/// drivers that need another weight call netif_napi_add_weight() (5.19).
/// A weight of 64 or NAPI_POLL_WEIGHT is dropped; any other weight keeps
/// its value through netif_napi_add_weight().
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# False positives: none: netif_napi_add has three arguments since 6.1.
// Where: netif_napi_add\s*\(([^,;]*,){3}
// Checked on: Linux 2.6.24, 3.1, 3.10, 4.4, 4.19, 5.4, 5.10, 5.10.262 (Debian) (8139too.c); tests/cocci/napi-add-weight.c; a no-op on 6.1.192 (Debian), 6.12.117 (Debian), 7.2.13 (Debian)

virtual patch
virtual report

@depends on patch@
expression D, N, P, W;
@@
(
- netif_napi_add(D, N, P, 64)
+ netif_napi_add(D, N, P)
|
- netif_napi_add(D, N, P, NAPI_POLL_WEIGHT)
+ netif_napi_add(D, N, P)
|
- netif_napi_add(D, N, P, W)
+ netif_napi_add_weight(D, N, P, W)
)

@q depends on report@
expression D, N, P, W;
position p;
@@
netif_napi_add@p(D, N, P, W)

@script:python depends on report@
p << q.p;
@@
coccilib.report.print_report(p[0], "netif_napi_add with a weight (before 6.1)")
