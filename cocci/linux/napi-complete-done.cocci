/// Replace __napi_complete() by napi_complete_done().
/// __napi_complete(n) ended a NAPI poll with interrupts already off; Linux
/// 4.10 removed it: napi_complete_done(n, work_done) ends the poll, told
/// how much work it did (for busy polling and GRO flushing). The work done
/// is what the poll function returns; a poll that does not return a plain
/// variable gets napi_complete(n), which is napi_complete_done(n, 0).
//
// Confidence: High
// Options: --no-includes --include-headers-for-types
//# False positives: none: __napi_complete is gone from Linux.
// Where: __napi_complete
// Checked on: Linux 2.6.24, 3.1, 3.10, 4.4 (8139too.c); tests/cocci/napi-complete-done.c; a no-op on 4.19, 5.4, 5.10, 5.10.262 (Debian), 6.1.192 (Debian), 6.12.117 (Debian), 7.2.13 (Debian)

virtual patch
virtual report

@ret depends on patch exists@
identifier poll, n, budget, W;
@@
int poll(struct napi_struct *n, int budget)
{
  ... when any
  __napi_complete(n);
  ... when any
  return W;
}

@depends on patch@
identifier ret.poll, ret.n, ret.budget, ret.W;
@@
int poll(struct napi_struct *n, int budget)
{
  <...
- __napi_complete(n);
+ napi_complete_done(n, W);
  ...>
}

@depends on patch@
expression N;
@@
- __napi_complete(N)
+ napi_complete(N)

@q depends on report@
expression N;
position p;
@@
__napi_complete@p(N)

@script:python depends on report@
p << q.p;
@@
coccilib.report.print_report(p[0], "__napi_complete (removed in 4.10)")
