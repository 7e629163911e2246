/* SPDX-License-Identifier: GPL-2.0 */
/* Clause 45 MDIO: the EEE advertisement bits e1000e keeps (uapi values). */
#ifndef _LINUX_MDIO_H
#define _LINUX_MDIO_H

#include <linux/mii.h>
#include <linux/bitfield.h>

#define MDIO_EEE_100TX 0x0002
#define MDIO_EEE_1000T 0x0004

#endif
