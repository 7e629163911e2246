/*
 * IPv4 (RFC 791): header validation and build, the fragmentation iterator
 * (ipv4.c), and reassembly (ipv4_reasm.c).
 *
 * Hosts deliver locally and do not route here, so TTL is checked only when
 * the caller says it is forwarding: RFC 1122 3.2.1.7 says a host must not
 * discard a datagram just because its TTL is low.
 */
#ifndef NETLIB_IPV4_H
#define NETLIB_IPV4_H

#include "netlib.h"
#include "stats.h"

NL_DECLS_BEGIN

#define NL_IP_HLEN 20 /* header without options */
#define NL_IP_HLEN_MAX 60
#define NL_IP_MAX 65535	 /* largest datagram, header included */
#define NL_IP_MIN_MTU 68 /* RFC 791: every link carries 68 bytes unfragmented */
#define NL_IP_DEFAULT_TTL 64

#define NL_IP_PROTO_ICMP 1
#define NL_IP_PROTO_TCP 6
#define NL_IP_PROTO_UDP 17

#define NL_IP_FLAG_DF 0x4000
#define NL_IP_FLAG_MF 0x2000
#define NL_IP_OFF_MASK 0x1fff

/* Parsed header; pointers are into the parsed packet. */
struct nl_ip_hdr {
	uint8_t hlen; /* bytes, 20..60 */
	uint8_t tos;
	uint16_t total_len; /* header + payload; the frame may be longer (padding) */
	uint16_t id;
	bool df, mf;
	uint16_t frag_off; /* in bytes (field value * 8) */
	uint8_t ttl;
	uint8_t proto;
	uint32_t src, dst;
	const uint8_t *hdr; /* the header, options included */
	const uint8_t *payload;
	size_t payload_len; /* total_len - hlen */
};

static inline bool nl_ip_is_fragment(const struct nl_ip_hdr *h)
{
	return h->mf || h->frag_off != 0;
}

/*
 * Validates the header of the IPv4 packet at p (len bytes, the Ethernet
 * payload). Checks in this order and returns the first failure:
 * IP_DROP_SHORT (< 20 bytes), IP_DROP_BAD_VERSION, IP_DROP_BAD_IHL (IHL < 5,
 * or header longer than the packet or the total length), IP_DROP_BAD_LEN
 * (total length > len; shorter is Ethernet padding, cut off), and
 * IP_DROP_BAD_CSUM. Options are accepted and not interpreted.
 */
enum nl_drop nl_ip_parse(const uint8_t *p, size_t len, struct nl_ip_hdr *h);

/* Addresses of one interface. */
struct nl_ip_if {
	uint32_t addr;
	uint32_t mask; /* e.g. 0xffffff00 for a /24 */
};

/*
 * Address checks for a parsed header arriving on ifc: IP_DROP_BAD_SRC
 * (multicast, broadcast, loopback, or our own subnet's broadcast),
 * IP_DROP_NOT_FOR_US (dst not ours, not 255.255.255.255, not the subnet
 * broadcast; multicast only if accept_multicast). *bcast is set when dst is
 * a broadcast or multicast address (ICMP must not answer those).
 */
enum nl_drop nl_ip_accept(const struct nl_ip_hdr *h, const struct nl_ip_if *ifc,
			  bool accept_multicast, bool *bcast);

/* TTL check for a router: IP_DROP_TTL_EXPIRED when TTL <= 1. */
enum nl_drop nl_ip_forward_check(const struct nl_ip_hdr *h);

/* Fields of a header to build. */
struct nl_ip_tx {
	uint8_t tos;
	uint16_t id;
	bool df, mf;
	uint16_t frag_off; /* bytes, multiple of 8 */
	uint8_t ttl;
	uint8_t proto;
	uint32_t src, dst;
	size_t payload_len;
};

/*
 * Writes a 20-byte header (no options) with its checksum. Returns
 * NL_IP_HLEN, or 0 if cap is too small, the datagram would exceed 65535
 * bytes, or frag_off is not a valid multiple of 8.
 */
size_t nl_ip_build(uint8_t *p, size_t cap, const struct nl_ip_tx *tx);

/*
 * Fragmentation iterator: splits payload_len bytes for a link with the
 * given MTU. The caller builds each fragment: header with frag_off =
 * f.offset and mf = f.more, followed by payload bytes [f.offset, f.offset +
 * f.len). A payload that fits gives one fragment with more == false.
 */
struct nl_ip_frag_iter {
	size_t payload_len;
	size_t chunk; /* payload bytes per fragment, multiple of 8 */
	size_t off;   /* next fragment's offset */
	bool done;
};

struct nl_ip_frag {
	size_t offset; /* bytes into the payload */
	size_t len;
	bool more; /* MF flag for this fragment */
};

/*
 * Starts the iterator for a header of hlen bytes. Returns NL_OK,
 * IP_DROP_TOO_BIG (datagram > 65535 or MTU below 68), or IP_DROP_NEED_FRAG
 * (does not fit and df is set: the sender wants ICMP "fragmentation
 * needed").
 */
enum nl_drop nl_ip_frag_init(struct nl_ip_frag_iter *it, size_t payload_len, size_t hlen,
			     unsigned mtu, bool df);

/* Next fragment; false when all were returned. */
bool nl_ip_frag_next(struct nl_ip_frag_iter *it, struct nl_ip_frag *f);

/*
 * Reassembly (ipv4_reasm.c).
 *
 * Each slot holds one datagram: its first fragment's header and a payload
 * buffer for the largest possible datagram, plus a bitmap of received
 * 8-byte blocks. Memory is exactly nslots * sizeof(struct nl_ip_reasm_slot)
 * (about 66 KiB each), given by the caller; nothing else grows.
 *
 * Rules:
 *  - Fragments are keyed by (src, dst, id, proto).
 *  - Any overlap with data already held drops the whole datagram, and later
 *    fragments of it too (RFC 5722 applied to IPv4): overlaps are how
 *    filters are evaded, and no correct sender produces them. The one
 *    exception is an exact duplicate (same range, same bytes), which link
 *    layers do produce: only the duplicate is dropped.
 *  - A fragment reaching beyond 65535 bytes is IP_DROP_FRAG_OVERLONG; the
 *    datagram is dropped.
 *  - Fragments that disagree about where the datagram ends are overlap
 *    drops.
 *  - For linger_ms after a datagram completed or was dropped, its further
 *    fragments are dropped at once: IP_DROP_FRAG_LATE after completion, or
 *    the reason the datagram was dropped for. So duplicates and the rest of
 *    a dropped datagram do not take a slot (and evict another) until the
 *    timeout. The last NL_IP_REASM_RECENT such keys are remembered.
 *  - A datagram not complete within timeout_ms is freed (FRAG_TIMEOUT); a
 *    new datagram when all slots are busy evicts the oldest (FRAG_EVICTED).
 *  - A finished datagram may be lent out where it lies (nl_ip_reasm_lend):
 *    its slot then takes no datagram and is never evicted until
 *    nl_ip_reasm_return; a new datagram when every other slot is lent is
 *    dropped (FRAG_EVICTED: there is no slot to evict).
 */
#ifndef NL_IP_REASM_RECENT
#define NL_IP_REASM_RECENT 16 /* completed/dropped keys remembered */
#endif
#define NL_IP_REASM_DEFAULT_TIMEOUT_MS 30000u
#define NL_IP_REASM_PAYLOAD_MAX (NL_IP_MAX - NL_IP_HLEN)
#define NL_IP_REASM_BLOCKS ((NL_IP_REASM_PAYLOAD_MAX + 7) / 8)

struct nl_ip_key {
	uint32_t src, dst;
	uint16_t id;
	uint8_t proto;
};

struct nl_ip_reasm_slot {
	bool used;
	bool lent; /* its finished datagram is lent out (nl_ip_reasm_lend) */
	struct nl_ip_key key;
	uint64_t created_ms;
	uint32_t end;	   /* payload length, known once the last fragment came; 0 before */
	uint32_t hi;	   /* highest payload byte offset received + 1 */
	uint32_t received; /* payload bytes held; complete when received == end */
	uint8_t hlen;	   /* 0 until the offset-0 fragment came */
	uint8_t map[(NL_IP_REASM_BLOCKS + 7) / 8]; /* received 8-byte blocks */
	/* Header goes right before the payload, so the result is contiguous. */
	uint8_t buf[NL_IP_HLEN_MAX + NL_IP_REASM_PAYLOAD_MAX];
};

/* A datagram that left the pool: its late fragments are dropped with why. */
struct nl_ip_recent {
	struct nl_ip_key key;
	uint64_t until_ms;
	enum nl_drop why; /* FRAG_LATE if completed, else what dropped it */
};

struct nl_ip_reasm {
	struct nl_ip_reasm_slot *slots;
	unsigned nslots;
	uint32_t timeout_ms;
	uint32_t linger_ms;
	struct nl_stats *st;
	unsigned in_use;   /* slots holding a datagram */
	size_t bytes_held; /* payload bytes held in all slots */
	unsigned recent_next;
	struct nl_ip_recent recent[NL_IP_REASM_RECENT];
};

enum nl_reasm_res {
	NL_REASM_HELD,	  /* fragment stored, datagram incomplete */
	NL_REASM_DONE,	  /* datagram complete: see struct nl_ip_dgram */
	NL_REASM_DROPPED, /* fragment dropped: reason in dgram->why, already counted */
};

/* A reassembled datagram, valid until the next call on the reassembler. */
struct nl_ip_dgram {
	const uint8_t
		*data; /* header (total length and fragment fields fixed, new checksum) + payload */
	size_t len;
	enum nl_drop why; /* for NL_REASM_DROPPED */
	unsigned slot;	  /* the slot data lies in, for nl_ip_reasm_lend */
};

/*
 * Sets up a reassembler over caller-provided slots. timeout_ms 0 means the
 * default 30 s; linger_ms defaults to the timeout. st may be NULL.
 */
void nl_ip_reasm_init(struct nl_ip_reasm *r, struct nl_ip_reasm_slot *slots, unsigned nslots,
		      uint32_t timeout_ms, struct nl_stats *st);

/*
 * Feeds one fragment (a header from nl_ip_parse with nl_ip_is_fragment
 * true). Expires old datagrams first. All drops are counted in r->st.
 */
enum nl_reasm_res nl_ip_reasm_input(struct nl_ip_reasm *r, const struct nl_ip_hdr *h,
				    uint64_t now_ms, struct nl_ip_dgram *out);

/*
 * Keeps the datagram NL_REASM_DONE just gave out where it lies, past the
 * next call, until nl_ip_reasm_return(r, d->slot): a consumer reads it in
 * the slot instead of a copy. The bytes around it belong to the borrower
 * too: from the slot's first byte (header room) to its last.
 */
void nl_ip_reasm_lend(struct nl_ip_reasm *r, const struct nl_ip_dgram *d);
void nl_ip_reasm_return(struct nl_ip_reasm *r, unsigned slot);
/* Slots lent out now. */
unsigned nl_ip_reasm_lent(const struct nl_ip_reasm *r);

/* Frees timed-out datagrams. Returns how many. */
unsigned nl_ip_reasm_tick(struct nl_ip_reasm *r, uint64_t now_ms);

NL_DECLS_END

#endif /* NETLIB_IPV4_H */
