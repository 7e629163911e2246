/* SPDX-License-Identifier: GPL-2.0 */
/* Bit operations: BIT() is kernel.h's. */
#ifndef _LINUX_BITOPS_H
#define _LINUX_BITOPS_H

#include <linux/kernel.h>

#endif
