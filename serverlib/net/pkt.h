/*
 * Small helpers over the packet service: a packet's bytes as a pointer.
 * Packets are data spaces (thesis 4.4); map() is valid while the reference
 * is held.
 */
#ifndef NET_PKT_H
#define NET_PKT_H

#include <bss/server.h>
#include <svc/packet.h>
#include <bss/pktdesc.h>

static inline uint8_t *pkt_data(bss_ref_t p)
{
	return (uint8_t *)(uintptr_t)packet_map(p);
}

/*
 * Is this server in the runtime's space, where every space's addresses
 * are valid? Asked once.
 */
static inline bool pkt_everywhere(void)
{
	static int everywhere = -1;

	if (everywhere < 0)
		everywhere = bss_near(0);
	return everywhere;
}

/*
 * The data of p as its descriptor d says (include/bss/pktdesc.h), their
 * length in *len: d's address where p's server shares this space, the
 * runtime's earlier share of its pages, else map() (the one call); a
 * packet without a descriptor is asked for all.
 * NULL if d points past its buffer (a producer's bug). pkt_desc_data_at
 * takes the answer of bss_here (or 0) from the caller: pkt_desc_here_n.
 */
static inline uint8_t *pkt_desc_data_at(bss_ref_t p, const struct bss_pkt_desc *d, uint64_t here,
					uint32_t *len)
{
	if (!(d->flags & PKT_DESC_VALID)) {
		*len = packet_len(p);
		return pkt_data(p);
	}
	if (d->off > d->cap || d->len > d->cap - d->off)
		return NULL;
	*len = d->len;
	if (pkt_everywhere())
		return (uint8_t *)(uintptr_t)d->addr + d->off;
	return here ? (uint8_t *)(uintptr_t)here + d->off : pkt_data(p) + d->off;
}

static inline uint8_t *pkt_desc_data(bss_ref_t p, const struct bss_pkt_desc *d, uint32_t *len)
{
	uint64_t a = 0;

	/* p's server in this space, or pages an earlier map() shared here: no call */
	if (d->flags & PKT_DESC_VALID && !pkt_everywhere())
		a = bss_here(p, d->addr, d->cap);
	return pkt_desc_data_at(p, d, a, len);
}

/*
 * bss_here of a batch (addrs[i] for pkts[i], 0 where a descriptor does
 * not say), one system call of an isolated server where pkt_desc_data
 * makes one per packet; pkt_desc_data_at then takes each. Nothing to ask
 * in the runtime's space.
 */
static inline void pkt_desc_here_n(const bss_ref_t *pkts, const struct bss_pkt_desc *d,
				   uint64_t *addrs, uint32_t n)
{
	if (!pkt_everywhere() && n) {
		bss_here_n(pkts, d, addrs, n);
		return;
	}
	for (uint32_t i = 0; i < n; i++)
		addrs[i] = 0;
}

static inline uint32_t pkt_desc_meta(bss_ref_t p, const struct bss_pkt_desc *d)
{
	return d->flags & PKT_DESC_VALID ? d->meta : packet_meta(p);
}

/*
 * The packet itself trimmed to what d says, for a consumer that hands it
 * on without its descriptor (UDP's sockets, ICMP's replies).
 */
static inline void pkt_desc_apply(bss_ref_t p, const struct bss_pkt_desc *d)
{
	if (d->flags & PKT_DESC_VALID)
		packet_trim(p, d->off, d->len);
}

/*
 * Releases n references (temporaries or permanent ones, 0s skipped) and
 * zeroes them. A batch without 0s goes in one bss_release_n: one system
 * call of an isolated server (IPv4 after each batch it sent), not n.
 */
static inline void pkt_release_all(bss_ref_t *p, uint32_t n)
{
	uint32_t live = 0;

	for (uint32_t i = 0; i < n; i++)
		live += p[i] != 0;
	bool batch = live == n && n <= BSS_RELEASE_MAX;

	if (batch)
		bss_release_n(p, n);
	for (uint32_t i = n; i-- > 0;) {
		if (p[i] && !batch)
			bss_release(p[i]);
		p[i] = 0;
	}
}

#endif
