/* SPDX-License-Identifier: GPL-2.0 */
/* Included by drivers for what the kernel header declares; nothing here needs it. */
#ifndef _LINUX_SMP_H
#define _LINUX_SMP_H

#endif
