/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internet checksums (RFC 1071): the pseudo header's sum a device that
 * offloads TCP/UDP checksums or segmentation starts from.
 */
#ifndef _NET_CHECKSUM_H
#define _NET_CHECKSUM_H

#include <linux/types.h>
#include <asm/byteorder.h>
#include <linux/uaccess.h>

typedef u16 __sum16;
typedef u32 __wsum;

static inline __sum16 csum_fold(__wsum csum)
{
	u32 sum = csum;

	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__sum16)~sum;
}

/*
 * The IPv4 pseudo header summed in memory order (the addresses are in
 * network order already), folded and complemented, as Linux's.
 */
static inline __sum16 csum_tcpudp_magic(__be32 saddr, __be32 daddr, u32 len, u8 proto, __wsum sum)
{
	u64 s = (u64)sum + saddr + daddr + cpu_to_be16((u16)len) + cpu_to_be16(proto);

	s = (s & 0xffffffff) + (s >> 32);
	s = (s & 0xffffffff) + (s >> 32);
	return csum_fold((__wsum)s);
}

#endif
