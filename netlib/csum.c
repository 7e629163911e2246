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

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "nl_csum_add sums little-endian words");

/* A 32-bit word at any address (x86-64 allows unaligned loads). */
typedef uint32_t __attribute__((__may_alias__, __aligned__(1))) csum_word;

/*
 * Sums in the machine's byte order, 32 bits at a time, and swaps the folded
 * result once at the end: the one's complement sum does not depend on byte
 * order (RFC 1071, 2.(B)), and this takes an eighth of the instructions of
 * a byte-pair loop on the bulk of every TCP and UDP payload.
 */
uint32_t nl_csum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;
	/* 64-bit accumulator: no carry can be lost below 2^32 words. */
	uint64_t acc = 0;

	while (len >= 16) {
		acc += (uint64_t)((const csum_word *)p)[0] + ((const csum_word *)p)[1] +
		       ((const csum_word *)p)[2] + ((const csum_word *)p)[3];
		p += 16;
		len -= 16;
	}
	while (len >= 4) {
		acc += *(const csum_word *)p;
		p += 4;
		len -= 4;
	}
	if (len >= 2) {
		acc += (uint32_t)(p[0] | p[1] << 8);
		p += 2;
		len -= 2;
	}
	if (len)
		acc += p[0]; /* the odd byte is the high half of a big-endian word */
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	uint32_t be = (uint32_t)(((acc & 0xff) << 8) | (acc >> 8));

	/* Keep the partial small so callers can keep adding to it. */
	return fold16(fold16(sum) + be);
}

bool nl_csum_verify32(const void *data, size_t len)
{
	const csum_word *w = data;
	uint64_t acc = 0;
	size_t i = 0;

	/* an IPv4 header without options, once per received datagram: no loop */
	if (len >= 20) {
		acc = (uint64_t)w[0] + w[1] + w[2] + w[3] + w[4];
		i = 5;
	}
	for (; i < len / 4; i++)
		acc += w[i];
	acc = (acc & 0xffffffff) + (acc >> 32);
	acc = (acc & 0xffff) + (acc >> 16);
	acc = (acc & 0xffff) + (acc >> 16);
	acc = (acc & 0xffff) + (acc >> 16);
	return acc == 0xffff;
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
