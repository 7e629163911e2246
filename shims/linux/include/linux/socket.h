/* SPDX-License-Identifier: GPL-2.0 */
/* struct sockaddr, as ndo_set_mac_address receives it. */
#ifndef _LINUX_SOCKET_H
#define _LINUX_SOCKET_H

#include <linux/types.h>

struct sockaddr {
	unsigned short sa_family;
	char sa_data[14];
};

#endif
