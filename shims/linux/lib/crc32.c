// SPDX-License-Identifier: GPL-2.0
/* CRC-32 (polynomial 0x04c11db7), most significant bit first, and its reflection. */
#include <linux/crc32.h>

u32 crc32_be(u32 crc, const unsigned char *p, size_t len)
{
	while (len--) {
		int bit;

		crc ^= (u32)*p++ << 24;
		for (bit = 0; bit < 8; bit++)
			crc = (crc << 1) ^ (crc & 0x80000000u ? 0x04c11db7u : 0);
	}
	return crc;
}

u32 crc32_le(u32 crc, const unsigned char *p, size_t len)
{
	while (len--) {
		int bit;

		crc ^= *p++;
		for (bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (crc & 1 ? 0xedb88320u : 0);
	}
	return crc;
}
