/* SPDX-License-Identifier: GPL-2.0 */
/* Interface flags and the interface request of the socket ioctls. */
#ifndef _UAPI_LINUX_IF_H
#define _UAPI_LINUX_IF_H

#define IFF_UP 0x1

/* Drivers' ioctls read ifr_data; no caller here makes one (linux/uaccess.h). */
struct ifreq {
	char ifr_name[16];
	union {
		void *ifru_data;
	} ifr_ifru;
};
#define ifr_data ifr_ifru.ifru_data

#endif
