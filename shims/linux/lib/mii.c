// SPDX-License-Identifier: GPL-2.0
/* The generic MII checks: carrier from BMSR, speed and duplex from BMCR, ADVERTISE & LPA. */
#include <linux/netdevice.h>
#include <linux/mii.h>
#include <linux/ethtool.h>

static int mii_read(struct mii_if_info *mii, int reg)
{
	return mii->mdio_read(mii->dev, mii->phy_id, reg);
}

int mii_link_ok(struct mii_if_info *mii)
{
	/* BMSR's link bit latches low: the first read clears a past drop. */
	mii_read(mii, MII_BMSR);
	return !!(mii_read(mii, MII_BMSR) & BMSR_LSTATUS);
}

unsigned int mii_check_media(struct mii_if_info *mii, unsigned int ok_to_print,
			     unsigned int init_media)
{
	struct net_device *dev = mii->dev;
	int adv, lpa, common;
	unsigned int duplex_changed = 0, old_carrier = netif_carrier_ok(dev);

	if (!mii_link_ok(mii)) {
		netif_carrier_off(dev);
		if (old_carrier && ok_to_print)
			netdev_info(dev, "link down\n");
		return 0;
	}
	if (!init_media && old_carrier)
		return 0; /* link stayed up: nothing to report */

	if (mii->force_media) {
		dev->bss_speed = 100;
		netif_carrier_on(dev);
		return 0;
	}
	adv = mii->advertising = mii_read(mii, MII_ADVERTISE);
	lpa = mii_read(mii, MII_LPA);
	common = adv & lpa;
	if (!common) /* no autonegotiation partner: assume 100 Mbit/s */
		common = ADVERTISE_100HALF;
	dev->bss_speed = common & (ADVERTISE_100FULL | ADVERTISE_100HALF) ? 100 : 10;
	if (mii->full_duplex != !!(common & (ADVERTISE_100FULL | ADVERTISE_10FULL))) {
		mii->full_duplex = !mii->full_duplex;
		duplex_changed = 1;
	}
	netif_carrier_on(dev);
	if (ok_to_print)
		netdev_info(dev, "link up, %uMbps, %s-duplex, lpa 0x%04X\n", dev->bss_speed,
			    mii->full_duplex ? "full" : "half", lpa);
	return duplex_changed || init_media;
}

/* The PHY's speed and duplex: negotiated (ADVERTISE & LPA) or forced (BMCR). */
void mii_ethtool_gset(struct mii_if_info *mii, struct ethtool_cmd *ecmd)
{
	int bmcr = mii_read(mii, MII_BMCR), common;

	memset(ecmd, 0, sizeof(*ecmd));
	ecmd->port = PORT_MII;
	ecmd->transceiver = XCVR_INTERNAL;
	ecmd->phy_address = mii->phy_id;
	if (bmcr & BMCR_ANENABLE) {
		ecmd->autoneg = AUTONEG_ENABLE;
		common = mii_read(mii, MII_ADVERTISE) & mii_read(mii, MII_LPA);
		ethtool_cmd_speed_set(ecmd,
				      common & (LPA_100FULL | LPA_100HALF) ? SPEED_100 : SPEED_10);
		ecmd->duplex = common & (LPA_100FULL | LPA_10FULL) ? DUPLEX_FULL : DUPLEX_HALF;
	} else {
		ecmd->autoneg = AUTONEG_DISABLE;
		ethtool_cmd_speed_set(ecmd, bmcr & BMCR_SPEED100 ? SPEED_100 : SPEED_10);
		ecmd->duplex = bmcr & BMCR_FULLDPLX ? DUPLEX_FULL : DUPLEX_HALF;
	}
}

/* Forcing the PHY's media (a module option) is not implemented here. */
int mii_ethtool_sset(struct mii_if_info *mii, struct ethtool_cmd *ecmd)
{
	(void)mii;
	(void)ecmd;
	LINUX_UNSUPPORTED(mii_ethtool_sset);
	return -EOPNOTSUPP;
}
