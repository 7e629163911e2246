/*
 * Kernel heap: kmalloc/kfree for variable-size blocks, 16-byte aligned.
 *
 * Every heap block lies below 2 GiB, i.e. within +-2 GiB of the kernel
 * text at 1 MiB, so code placed in the heap (server images and their call
 * stubs) can reach kernel functions with 32-bit PC-relative relocations.
 * Heap memory is readable, writable and executable.
 *
 * Safe to call with interrupts on or off (it disables them inside), but
 * like everything else it assumes a single CPU.
 */
#ifndef ARCH_HEAP_H
#define ARCH_HEAP_H

#include <stddef.h>

void *kmalloc(size_t size); /* NULL when out of memory */
void *kzalloc(size_t size); /* zeroed */
void kfree(void *p);	    /* NULL is ignored; a bad pointer panics */

/* Bytes in allocated blocks, headers included: 0 when everything was freed. */
size_t kheap_in_use(void);

/* Walks every block checking the heap's invariants; returns 0 or panics. */
int kheap_check(void);

#endif
