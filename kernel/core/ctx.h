/*
 * Stack switching between execution contexts: the portable core's
 * interface to the processor architecture, which implements it (x86_64:
 * kernel/arch/x86_64/ctx.S), for the kernel and for the
 * hosted (Linux user-space) runtime alike: ctx.S uses nothing but the
 * System V x86-64 ABI, and only RIP-relative addressing.
 *
 * A switched-out context is just its stack pointer; the callee-saved
 * registers (rbx, rbp, r12-r15) and the resume address are on its stack.
 * Everything else is caller-saved, so the compiler has already dealt with it
 * around the call.  The interrupt flag, the direction flag and the FPU/SSE
 * state are not switched (the kernel and servers use no vector registers).
 */
#ifndef CORE_CTX_H
#define CORE_CTX_H

#include <stdint.h>

/*
 * Saves the current context's stack pointer in *save_sp and resumes the
 * context whose stack pointer is new_sp.  Returns when some context switches
 * back to the saved one.
 */
void ctx_switch(uint64_t *save_sp, uint64_t new_sp);

/*
 * Prepares a context on the stack ending at stack_top (exclusive; aligned
 * down to 16 bytes) whose first ctx_switch() runs entry(arg) with an
 * ABI-conformant stack and a zero frame pointer (backtraces stop there).
 * Returns the stack pointer to pass as new_sp.  entry must never return; if
 * it does, ctx_entry_returned() is called.
 */
uint64_t ctx_init(void *stack_top, void (*entry)(void *), void *arg);

/*
 * Called when a context's entry function returns.  ctx.S holds a weak
 * default that executes UD2 (a panic in the kernel, SIGILL hosted); a
 * runtime may define its own.
 */
_Noreturn void ctx_entry_returned(void);

#endif
