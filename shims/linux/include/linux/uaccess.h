/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User memory: a server has no user space; only ioctls copy from it, and
 * nothing calls a driver's ioctl here.
 */
#ifndef _LINUX_UACCESS_H
#define _LINUX_UACCESS_H

#include <linux/types.h>

static inline unsigned long copy_from_user(void *to, const void *from, unsigned long n)
{
	(void)to, (void)from;
	LINUX_UNSUPPORTED(copy_from_user);
	return n;
}
static inline unsigned long copy_to_user(void *to, const void *from, unsigned long n)
{
	(void)to, (void)from;
	LINUX_UNSUPPORTED(copy_to_user);
	return n;
}

#endif
