/* SPDX-License-Identifier: GPL-2.0 */
/* POSIX error numbers, as Linux numbers them (x86): the tree's one list. */
#ifndef _LINUX_ERRNO_H
#define _LINUX_ERRNO_H

#include <bss/errno.h>

#endif
