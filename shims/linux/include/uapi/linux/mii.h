/* SPDX-License-Identifier: GPL-2.0 */
/* MII registers and bits (IEEE 802.3 clause 22). */
#ifndef _UAPI_LINUX_MII_H
#define _UAPI_LINUX_MII_H

#define MII_BMCR		0x00
#define MII_BMSR		0x01
#define MII_PHYSID1		0x02
#define MII_PHYSID2		0x03
#define MII_ADVERTISE		0x04
#define MII_LPA			0x05
#define MII_EXPANSION		0x06

#define BMCR_ISOLATE		0x0400
#define BMCR_FULLDPLX		0x0100
#define BMCR_ANENABLE		0x1000
#define BMCR_SPEED100		0x2000
#define BMSR_LSTATUS		0x0004

#define ADVERTISE_10HALF	0x0020
#define ADVERTISE_10FULL	0x0040
#define ADVERTISE_100HALF	0x0080
#define ADVERTISE_100FULL	0x0100
#define ADVERTISE_ALL		0x01e0
#define LPA_10HALF		0x0020
#define LPA_10FULL		0x0040
#define LPA_100HALF		0x0080
#define LPA_100FULL		0x0100
#define LPA_LPACK		0x4000

#endif
