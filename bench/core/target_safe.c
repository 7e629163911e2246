/* The benchmark target, thread-safe. */
#define BENCH_ATTRS BSS_THREADSAFE
#include "target.c"
