/* SPDX-License-Identifier: GPL-2.0 */
/* Virtually contiguous memory: the server's heap (slab.h). */
#ifndef _LINUX_VMALLOC_H
#define _LINUX_VMALLOC_H

#include <linux/slab.h>
#define vzalloc(size) kzalloc(size, GFP_KERNEL)
#define vmalloc(size) kmalloc(size, GFP_KERNEL)
#define vfree(p) kfree(p)

#endif
