/* SPDX-License-Identifier: GPL-2.0 */
/* VLAN sizes (drivers size their buffers with them). */
#ifndef _LINUX_IF_VLAN_H
#define _LINUX_IF_VLAN_H

#include <linux/if_ether.h>

#define VLAN_HLEN	4
#define VLAN_ETH_HLEN	18

#endif
