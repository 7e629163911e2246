/* SPDX-License-Identifier: GPL-2.0 */
/* IP protocol numbers (IANA). */
#ifndef _LINUX_IN_H
#define _LINUX_IN_H

enum {
	IPPROTO_IP = 0,
	IPPROTO_ICMP = 1,
	IPPROTO_TCP = 6,
	IPPROTO_UDP = 17,
};

#endif
