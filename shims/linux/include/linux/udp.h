/* SPDX-License-Identifier: GPL-2.0 */
/* The UDP header. */
#ifndef _LINUX_UDP_H
#define _LINUX_UDP_H

#include <linux/skbuff.h>

struct udphdr {
	__be16 source;
	__be16 dest;
	__be16 len;
	u16 check;
};

#endif
