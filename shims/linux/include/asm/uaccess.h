/* SPDX-License-Identifier: GPL-2.0 */
/* Older drivers include the architecture's header; it is linux/uaccess.h here. */
#ifndef _ASM_UACCESS_H
#define _ASM_UACCESS_H
#include <linux/uaccess.h>
#endif
