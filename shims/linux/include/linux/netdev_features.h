/* SPDX-License-Identifier: GPL-2.0 */
/* Feature bits: only what drivers set or test is named; the values are private to the kit. */
#ifndef _LINUX_NETDEV_FEATURES_H
#define _LINUX_NETDEV_FEATURES_H

#include <linux/types.h>

typedef u64 netdev_features_t;

#define NETIF_F_SG (1ull << 0)
#define NETIF_F_IP_CSUM (1ull << 1)
#define NETIF_F_HW_CSUM (1ull << 3)
#define NETIF_F_HIGHDMA (1ull << 5)
#define NETIF_F_HW_VLAN_CTAG_TX (1ull << 7)
#define NETIF_F_HW_VLAN_CTAG_RX (1ull << 8)
#define NETIF_F_HW_VLAN_CTAG_FILTER (1ull << 9)
#define NETIF_F_TSO6 (1ull << 20)
#define NETIF_F_TSO (1ull << 16)
#define NETIF_F_RXCSUM (1ull << 32)
#define NETIF_F_RXHASH (1ull << 31)
#define NETIF_F_RXFCS (1ull << 45)
#define NETIF_F_RXALL (1ull << 46)

#endif
