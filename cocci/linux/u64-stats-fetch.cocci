/// Replace the _irq and _bh u64_stats fetch variants by the plain ones.
/// u64_stats_fetch_begin_irq/_retry_irq (and _bh) disabled interrupts
/// (bottom halves) around the read on 32-bit UP kernels; Linux 6.2 made
/// the plain u64_stats_fetch_begin/_retry safe in every context and
/// removed the variants.
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# False positives: none: the variants are gone from Linux.
// Where: u64_stats_fetch_(begin|retry)_(irq|bh)
// Checked on: Linux 3.10, 4.4, 4.19, 5.4, 5.10, 5.10.262 (Debian), 6.1.192 (Debian) (8139too.c); tests/cocci/u64-stats-fetch.c; a no-op on 2.6.24, 3.1, 6.12.117 (Debian), 7.2.13 (Debian)

virtual patch
virtual report

@depends on patch@
expression S, T;
@@
(
- u64_stats_fetch_begin_irq(S)
+ u64_stats_fetch_begin(S)
|
- u64_stats_fetch_begin_bh(S)
+ u64_stats_fetch_begin(S)
|
- u64_stats_fetch_retry_irq(S, T)
+ u64_stats_fetch_retry(S, T)
|
- u64_stats_fetch_retry_bh(S, T)
+ u64_stats_fetch_retry(S, T)
)

@q depends on report@
expression S;
position p;
@@
(
u64_stats_fetch_begin_irq@p(S)
|
u64_stats_fetch_begin_bh@p(S)
)

@script:python depends on report@
p << q.p;
@@
coccilib.report.print_report(p[0], "u64_stats_fetch_begin_irq/_bh (removed in 6.2)")
