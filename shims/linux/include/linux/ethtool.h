/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ethtool: cocci/linux/ethtool.cocci removes a driver's ethtool_ops (no BSS
 * client asks for them). What stays is what driver data and the helpers
 * the ethtool functions shared with the rest of the driver refer to.
 */
#ifndef _LINUX_ETHTOOL_H
#define _LINUX_ETHTOOL_H

#include <linux/types.h>

#define ETH_GSTRING_LEN 32
#define ETH_SS_STATS 1

struct ethtool_ops;

/* Wake-on-LAN: the options and their request (uapi/linux/ethtool.h). */
/* The legacy link-mode bits of pause advertisement (e1000e's PHY setup) */
#define ADVERTISED_Pause (1 << 13)
#define ADVERTISED_Asym_Pause (1 << 14)

#define WAKE_PHY (1 << 0)
#define WAKE_UCAST (1 << 1)
#define WAKE_MCAST (1 << 2)
#define WAKE_BCAST (1 << 3)
#define WAKE_ARP (1 << 4)
#define WAKE_MAGIC (1 << 5)

struct ethtool_wolinfo {
	u32 cmd;
	u32 supported;
	u32 wolopts;
	u8 sopass[6];
};

/* Link settings in the legacy form mii_ethtool_gset() fills (uapi/linux/ethtool.h). */
#define ETHTOOL_GSET 0x00000001
#define SPEED_10 10
#define SPEED_100 100
#define SPEED_1000 1000
#define DUPLEX_HALF 0x00
#define DUPLEX_FULL 0x01
#define PORT_TP 0x00
#define PORT_MII 0x02
#define XCVR_INTERNAL 0x00
#define AUTONEG_DISABLE 0x00
#define AUTONEG_ENABLE 0x01

struct ethtool_cmd {
	u32 cmd;
	u32 supported;
	u32 advertising;
	u16 speed;
	u8 duplex;
	u8 port;
	u8 phy_address;
	u8 transceiver;
	u8 autoneg;
	u8 mdio_support;
	u32 maxtxpkt;
	u32 maxrxpkt;
	u16 speed_hi;
	u8 eth_tp_mdix;
	u8 eth_tp_mdix_ctrl;
	u32 lp_advertising;
	u32 reserved[2];
};

static inline void ethtool_cmd_speed_set(struct ethtool_cmd *ep, u32 speed)
{
	ep->speed = (u16)(speed & 0xFFFF);
	ep->speed_hi = (u16)(speed >> 16);
}
static inline u32 ethtool_cmd_speed(const struct ethtool_cmd *ep)
{
	return (ep->speed_hi << 16) | ep->speed;
}

/*
 * The operations table a driver reads back from its own net_device (e1000
 * dumps its EEPROM through it): alloc_netdev points ethtool_ops at one whose
 * operations fail naming themselves (lib/netdev.c), as ethtool.cocci has
 * removed the driver's.
 */
struct net_device;
struct ethtool_eeprom {
	u32 cmd;
	u32 magic;
	u32 offset;
	u32 len;
	u8 data[];
};

struct ethtool_ops {
	int (*get_eeprom_len)(struct net_device *dev);
	int (*get_eeprom)(struct net_device *dev, struct ethtool_eeprom *ee, u8 *data);
};
extern const struct ethtool_ops linux_no_ethtool_ops;

#endif
