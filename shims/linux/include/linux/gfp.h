/* SPDX-License-Identifier: GPL-2.0 */
/* Allocation flags: every allocation in a server may block, none is atomic. */
#ifndef _LINUX_GFP_H
#define _LINUX_GFP_H

#include <linux/types.h>

#define GFP_KERNEL 0x1u
#define GFP_ATOMIC 0x2u
#define __GFP_ZERO 0x4u

#endif
