/*
 * Internet checksum (RFC 1071) with incremental helpers (RFC 1624).
 *
 * A checksum is built in two steps: accumulate 16-bit big-endian words into
 * a 32-bit partial sum with nl_csum_add (and nl_csum_pseudo for the UDP
 * pseudo header), then fold it with nl_csum_fold. Verifying a packet is the
 * same sum over data that includes the checksum field: it folds to 0.
 */
#ifndef NETLIB_CSUM_H
#define NETLIB_CSUM_H

#include "netlib.h"

NL_DECLS_BEGIN

/*
 * Adds len bytes to the partial sum. An odd last byte counts as the high
 * half of a word, so chunks may be split only at even offsets; every chunk
 * but the last must have an even length.
 */
uint32_t nl_csum_add(uint32_t sum, const void *data, size_t len);

/* Adds one 16-bit word (host value) to the partial sum. */
uint32_t nl_csum_add16(uint32_t sum, uint16_t word);

/* Partial sum of the IPv4 pseudo header: src, dst, zero, proto, length. */
uint32_t nl_csum_pseudo(uint32_t src, uint32_t dst, uint8_t proto, uint16_t len);

/* Folds the carries and complements: the value to store in a header. */
uint16_t nl_csum_fold(uint32_t sum);

/* nl_csum_fold(nl_csum_add(0, data, len)): 0 when data verifies. */
uint16_t nl_csum(const void *data, size_t len);

/*
 * nl_csum(data, len) == 0 for a header of len bytes, a multiple of 4 (an
 * IPv4 header): its 32-bit words summed without the byte-pair and odd-byte
 * handling of nl_csum_add, a fifth of its instructions per received
 * datagram. A sum that verifies folds to all ones in either byte order.
 */
bool nl_csum_verify32(const void *data, size_t len);

/*
 * RFC 1624 eqn. 3: the checksum after one 16-bit word of the covered data
 * changed from old to new, without summing the data again.
 */
uint16_t nl_csum_update16(uint16_t csum, uint16_t old, uint16_t new);

NL_DECLS_END

#endif /* NETLIB_CSUM_H */
