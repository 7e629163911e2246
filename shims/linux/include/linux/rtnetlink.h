/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The RTNL lock serializes configuration against the ndo_* calls; in a
 * server it is one more lock of the same kind (see spinlock.h).
 */
#ifndef _LINUX_RTNETLINK_H
#define _LINUX_RTNETLINK_H

#include <linux/spinlock.h>

extern spinlock_t linux_rtnl;
#define rtnl_lock() spin_lock(&linux_rtnl)
#define rtnl_unlock() spin_unlock(&linux_rtnl)

#endif
