/* SPDX-License-Identifier: GPL-2.0 */
/* Feature bits (Linux's bit numbers; only what drivers test is named). */
#ifndef _LINUX_NETDEV_FEATURES_H
#define _LINUX_NETDEV_FEATURES_H

#include <linux/types.h>

typedef u64 netdev_features_t;

#define NETIF_F_SG		(1ull << 0)
#define NETIF_F_HW_CSUM		(1ull << 3)
#define NETIF_F_HIGHDMA		(1ull << 5)
#define NETIF_F_RXFCS		(1ull << 45)
#define NETIF_F_RXALL		(1ull << 46)

#endif
