/* SPDX-License-Identifier: GPL-2.0 */
/* The Ethernet CRC (big-endian bit order), for multicast hash filters. */
#ifndef _LINUX_CRC32_H
#define _LINUX_CRC32_H

#include <linux/types.h>

u32 crc32_be(u32 crc, const unsigned char *p, size_t len);
u32 crc32_le(u32 crc, const unsigned char *p, size_t len);
#define ether_crc(length, data) crc32_be(~0u, data, length)
#define ether_crc_le(length, data) crc32_le(~0u, data, length)

#endif
