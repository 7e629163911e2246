/*
 * Context switching between BSS threads; shared by the bare-metal kernel and
 * the hosted runtime (both run x86_64 SysV code).
 */
#ifndef ARCH_X86_64_CTX_H
#define ARCH_X86_64_CTX_H

#include <stdint.h>

/* Save callee-saved registers on the current stack, store rsp in *save_sp, continue on new_sp. */
void ctx_switch(uint64_t *save_sp, uint64_t new_sp);

/* Build a stack whose first ctx_switch calls entry(arg); entry must never return. */
uint64_t ctx_init(void *stack_top, void (*entry)(void *), void *arg);

#endif
