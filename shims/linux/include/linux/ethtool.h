/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ethtool: cocci/linux/ethtool.cocci removes a driver's ethtool_ops (no BSS
 * client asks for them). What stays is what driver data and the helpers
 * the ethtool functions shared with the rest of the driver refer to.
 */
#ifndef _LINUX_ETHTOOL_H
#define _LINUX_ETHTOOL_H

#include <linux/types.h>

#define ETH_GSTRING_LEN	32
#define ETH_SS_STATS	1

struct ethtool_ops;

/* Wake-on-LAN: the options and their request (uapi/linux/ethtool.h). */
#define WAKE_PHY	(1 << 0)
#define WAKE_UCAST	(1 << 1)
#define WAKE_MCAST	(1 << 2)
#define WAKE_BCAST	(1 << 3)
#define WAKE_ARP	(1 << 4)
#define WAKE_MAGIC	(1 << 5)

struct ethtool_wolinfo {
	u32 cmd;
	u32 supported;
	u32 wolopts;
	u8 sopass[6];
};

#endif
