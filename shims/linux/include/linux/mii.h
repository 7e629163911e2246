/* SPDX-License-Identifier: GPL-2.0 */
/* The generic MII library: link and duplex from the PHY's registers. */
#ifndef _LINUX_MII_H
#define _LINUX_MII_H

#include <linux/types.h>
#include <uapi/linux/mii.h>

struct net_device;

struct mii_if_info {
	int phy_id;
	int advertising;
	int phy_id_mask;
	int reg_num_mask;
	unsigned int full_duplex : 1;
	unsigned int force_media : 1;
	unsigned int supports_gmii : 1;
	struct net_device *dev;
	int (*mdio_read)(struct net_device *dev, int phy_id, int location);
	void (*mdio_write)(struct net_device *dev, int phy_id, int location, int val);
};

unsigned int mii_check_media(struct mii_if_info *mii, unsigned int ok_to_print,
			     unsigned int init_media);
int mii_link_ok(struct mii_if_info *mii);
struct ethtool_cmd;
void mii_ethtool_gset(struct mii_if_info *mii, struct ethtool_cmd *ecmd);
int mii_ethtool_sset(struct mii_if_info *mii, struct ethtool_cmd *ecmd);

/*
 * The MII ioctl's request (SIOCxMII*): ethtool.cocci removes the ioctl; a
 * helper it leaves behind compiles, and reaching if_mii() fails.
 */
#define SIOCGMIIPHY 0x8947
#define SIOCGMIIREG 0x8948
#define SIOCSMIIREG 0x8949

struct ifreq;
struct mii_ioctl_data {
	u16 phy_id;
	u16 reg_num;
	u16 val_in;
	u16 val_out;
};

static inline struct mii_ioctl_data *if_mii(struct ifreq *rq)
{
	(void)rq;
	LINUX_UNSUPPORTED(if_mii);
	return NULL;
}

#endif
