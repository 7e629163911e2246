/* SPDX-License-Identifier: GPL-2.0 */
/* No user space reaches a driver server: nothing to copy from or to. */
#ifndef _LINUX_UACCESS_H
#define _LINUX_UACCESS_H
#endif
