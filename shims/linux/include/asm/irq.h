/* SPDX-License-Identifier: GPL-2.0 */
/* Nothing architecture-specific about interrupts reaches a driver server. */
#ifndef _ASM_IRQ_H
#define _ASM_IRQ_H
#endif
