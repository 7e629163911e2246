/* SPDX-License-Identifier: GPL-2.0 */
/* System sleep: a server's system never suspends (no firmware involved). */
#ifndef _LINUX_SUSPEND_H
#define _LINUX_SUSPEND_H

#include <linux/types.h>

static inline bool pm_suspend_via_firmware(void)
{
	return false;
}

#endif
