/// Rename pr_warning() to pr_warn().
/// pr_warn() has been the name since Linux 2.6.38; 5.5 removed the old
/// alias pr_warning().
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# False positives: none: pr_warning is gone from Linux.
// Where: pr_warning
// Checked on: tests/cocci/pr-warning.c; a no-op on 2.6.24, 3.1, 3.10, 4.4, 4.19, 5.4, 5.10, 5.10.262 (Debian), 6.1.192 (Debian), 6.12.117 (Debian), 7.2.13 (Debian)

virtual patch
virtual report

@depends on patch@
expression list es;
@@
- pr_warning(es)
+ pr_warn(es)

@q depends on report@
expression list es;
position p;
@@
pr_warning@p(es)

@script:python depends on report@
p << q.p;
@@
coccilib.report.print_report(p[0], "pr_warning (removed in 5.5)")
