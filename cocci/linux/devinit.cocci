/// Remove the __devinit/__devexit section markers and __devexit_p().
/// They put probe and remove code into sections the kernel could discard
/// when hotplug was configured out. Linux 3.8 removed CONFIG_HOTPLUG and
/// defined the markers as nothing; 3.10 removed them. __devexit_p(f) is f.
//
// Confidence: High
// Options: --no-includes --include-headers-for-types --macro-file cocci/linux/macros.h
//# False positives: none: the markers are gone from Linux.
// Where: __dev(init|exit)
// Checked on: Linux 2.6.24, 3.1 (8139too.c); tests/cocci/devinit.c; a no-op on 3.10, 4.4, 4.19, 5.4, 5.10, 5.10.262 (Debian), 6.1.192 (Debian), 6.12.117 (Debian), 7.2.13 (Debian)

virtual patch
virtual report

@depends on patch@
attribute name __devinit, __devexit;
identifier f;
type T;
@@
(
- __devinit
  T f(...) { ... }
|
- __devexit
  T f(...) { ... }
)

@depends on patch@
attribute name __devinitdata, __devinitconst, __devexitdata, __devexitconst;
identifier V;
type T;
@@
(
  T V[]
- __devinitdata
  = ...;
|
  T V[]
- __devinitconst
  = ...;
|
  T V[]
- __devexitdata
  = ...;
|
  T V[]
- __devexitconst
  = ...;
|
  T V
- __devinitdata
  = ...;
|
  T V
- __devinitconst
  = ...;
|
  T V
- __devinitdata
  ;
)

@depends on patch@
expression f;
@@
- __devexit_p(f)
+ f

@q depends on report@
expression f;
position p;
@@
__devexit_p@p(f)

@script:python depends on report@
p << q.p;
@@
coccilib.report.print_report(p[0], "__devexit_p() (before 3.10)")
