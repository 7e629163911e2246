// SPDX-License-Identifier: GPL-2.0
/* The generic MII checks: carrier from BMSR, duplex from ADVERTISE & LPA. */
#include <linux/netdevice.h>
#include <linux/mii.h>

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
		return 0;	/* link stayed up: nothing to report */

	if (mii->force_media) {
		dev->bss_speed = 100;
		netif_carrier_on(dev);
		return 0;
	}
	adv = mii->advertising = mii_read(mii, MII_ADVERTISE);
	lpa = mii_read(mii, MII_LPA);
	common = adv & lpa;
	if (!common)		/* no autonegotiation partner: assume 100 Mbit/s */
		common = ADVERTISE_100HALF;
	dev->bss_speed = common & (ADVERTISE_100FULL | ADVERTISE_100HALF) ? 100 : 10;
	if (mii->full_duplex != !!(common & (ADVERTISE_100FULL | ADVERTISE_10FULL))) {
		mii->full_duplex = !mii->full_duplex;
		duplex_changed = 1;
	}
	netif_carrier_on(dev);
	if (ok_to_print)
		netdev_info(dev, "link up, %uMbps, %s-duplex, lpa 0x%04X\n",
			    dev->bss_speed, mii->full_duplex ? "full" : "half", lpa);
	return duplex_changed || init_media;
}
