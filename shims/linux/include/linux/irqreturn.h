/* SPDX-License-Identifier: GPL-2.0 */
/* irqreturn_t: interrupt.h's. */
#ifndef _LINUX_IRQRETURN_H
#define _LINUX_IRQRETURN_H

#include <linux/interrupt.h>

#endif
