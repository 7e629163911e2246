/* SPDX-License-Identifier: GPL-2.0 */
/* Section markers (__init, __exit) are in compiler.h: a server has no init section. */
#ifndef _LINUX_INIT_H
#define _LINUX_INIT_H

#include <linux/compiler.h>

#endif
