/*
 * Thread stacks with a guard page: the page below the stack is unmapped,
 * so running off the bottom faults (as a #DF on its IST stack, since the
 * CPU cannot push the #PF frame onto the guard page either).
 */
#ifndef ARCH_STACK_H
#define ARCH_STACK_H

#include <stddef.h>

/* size bytes of stack (rounded up to pages); returns its lowest byte, NULL if out of memory. */
void *stack_alloc(size_t size);
/* base and size as given to / returned by stack_alloc. */
void stack_free(void *base, size_t size);

#endif
