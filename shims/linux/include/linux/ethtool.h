/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ethtool: cocci/linux/ethtool.cocci removes a driver's ethtool_ops (no BSS
 * client asks for them). What stays is what driver data refers to.
 */
#ifndef _LINUX_ETHTOOL_H
#define _LINUX_ETHTOOL_H

#include <linux/types.h>

#define ETH_GSTRING_LEN	32
#define ETH_SS_STATS	1

struct ethtool_ops;

#endif
