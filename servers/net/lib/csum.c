/*
 * Internet checksum: one's complement sum of 16-bit words (RFC 1071), and
 * the incremental update of RFC 1624 for headers that change one field.
 */
#include "csum.h"

/* Folds the carries back in until the sum fits 16 bits (end-around carry). */
static uint32_t fold16(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

uint32_t nl_csum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;
	/* 64-bit accumulator: no carry can be lost, whatever the length. */
	uint64_t acc = sum;

	while (len >= 2) {
		acc += (uint32_t)((p[0] << 8) | p[1]);
		p += 2;
		len -= 2;
	}
	if (len)
		acc += (uint32_t)p[0] << 8;
	while (acc >> 32)
		acc = (acc & 0xffffffffu) + (acc >> 32);
	/* Keep the partial small so callers can keep adding to it. */
	return fold16((uint32_t)(acc & 0xffff) + (uint32_t)((acc >> 16) & 0xffff));
}

uint32_t nl_csum_add16(uint32_t sum, uint16_t word)
{
	return fold16(fold16(sum) + word);
}

uint32_t nl_csum_pseudo(uint32_t src, uint32_t dst, uint8_t proto, uint16_t len)
{
	uint32_t sum = 0;

	sum = nl_csum_add16(sum, (uint16_t)(src >> 16));
	sum = nl_csum_add16(sum, (uint16_t)src);
	sum = nl_csum_add16(sum, (uint16_t)(dst >> 16));
	sum = nl_csum_add16(sum, (uint16_t)dst);
	sum = nl_csum_add16(sum, proto);
	return nl_csum_add16(sum, len);
}

uint16_t nl_csum_fold(uint32_t sum)
{
	return (uint16_t)~fold16(sum);
}

uint16_t nl_csum(const void *data, size_t len)
{
	return nl_csum_fold(nl_csum_add(0, data, len));
}

uint16_t nl_csum_update16(uint16_t csum, uint16_t old, uint16_t new)
{
	/* HC' = ~(~HC + ~m + m'): stays correct even when the result is 0xffff. */
	uint32_t sum = (uint16_t)~csum;

	sum += (uint16_t)~old;
	sum += new;
	return (uint16_t)~fold16(sum);
}
