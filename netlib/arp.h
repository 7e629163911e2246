/*
 * ARP for IPv4 over Ethernet (RFC 826): packet parse/build (arp.c), and the
 * resolver state of one interface (arp_cache.c): a fixed cache with expiry
 * and LRU replacement, plus a bounded queue of outgoing packets that wait
 * for an address to resolve.
 *
 * Queued packets are opaque uint64_t handles owned by the caller (queue
 * references, buffer indices, ...). The resolver never frees anything: every
 * handle it accepted comes back exactly once, either resolved (send it) in
 * struct nl_arp_action, or as a struct nl_arp_freed with a drop reason (free
 * it) from nl_arp_tick or nl_arp_drain.
 *
 * Policy (see docs/net-lib.md):
 *  - Only Ethernet/IPv4 ARP is accepted: htype 1, ptype 0x0800, hlen 6,
 *    plen 4, op request or reply.
 *  - Any packet whose sender IP is our address, from a MAC that is not ours,
 *    is ARP_DROP_SPOOF and never touches the cache (a conflict or an attack;
 *    either way we keep our address).
 *  - Learning follows RFC 826's merge rule: an existing entry for the sender
 *    is refreshed by any valid packet; a new entry is created only from a
 *    request addressed to us (we are about to talk to that host anyway).
 *    Replies that match no entry are unsolicited and dropped, so a reply
 *    flood cannot fill the cache.
 *  - Gratuitous ARP (sender IP == target IP, not ours) refreshes an existing
 *    entry and creates none; it is accepted (NL_OK), not a drop.
 *  - An RFC 5227 probe (sender IP 0.0.0.0) for our address is answered, so
 *    the prober sees the address in use; a probe never creates an entry.
 */
#ifndef NETLIB_ARP_H
#define NETLIB_ARP_H

#include "netlib.h"
#include "eth.h"
#include "stats.h"

NL_DECLS_BEGIN

#define NL_ARP_LEN 28	    /* Ethernet/IPv4 ARP packet */
#define NL_ARP_FRAME_LEN 60 /* 14 + 28, padded to NL_ETH_ZLEN */
#define NL_ARP_OP_REQUEST 1
#define NL_ARP_OP_REPLY 2

#ifndef NL_ARP_CACHE_SIZE
#define NL_ARP_CACHE_SIZE 32
#endif
#ifndef NL_ARP_PENDING_MAX
#define NL_ARP_PENDING_MAX 16 /* packets waiting for resolution, all hosts */
#endif
#ifndef NL_ARP_PENDING_PER_IP
#define NL_ARP_PENDING_PER_IP 4 /* so one dead host cannot take the whole queue */
#endif

#define NL_ARP_DEFAULT_TTL_MS 60000u
#define NL_ARP_DEFAULT_RETRY_MS 1000u
#define NL_ARP_DEFAULT_TRIES 3u

/* Parsed ARP packet; addresses are copied out of the frame. */
struct nl_arp_pkt {
	uint16_t op;
	uint8_t sha[NL_ETH_ALEN]; /* sender hardware address */
	uint32_t spa;		  /* sender protocol address */
	uint8_t tha[NL_ETH_ALEN]; /* target hardware address */
	uint32_t tpa;		  /* target protocol address */
};

/*
 * Validates an ARP packet (the Ethernet payload; trailing padding is
 * ignored). Returns NL_OK or one of ARP_DROP_SHORT, _BAD_HTYPE, _BAD_PTYPE,
 * _BAD_HLEN, _BAD_PLEN, _BAD_OP, _BAD_SENDER (sender MAC not unicast, or
 * sender IP multicast/broadcast; 0.0.0.0 is a valid probe sender).
 */
enum nl_drop nl_arp_parse(const uint8_t *p, size_t len, struct nl_arp_pkt *out);

/* Writes the 28-byte packet. Returns NL_ARP_LEN, or 0 if cap is too small. */
size_t nl_arp_build(uint8_t *p, size_t cap, const struct nl_arp_pkt *pkt);

/*
 * Writes a whole frame: Ethernet header (source pkt->sha, type ARP), the
 * packet, zero padding. Returns NL_ARP_FRAME_LEN, or 0 if cap is too small.
 */
size_t nl_arp_build_frame(uint8_t *frame, size_t cap, const uint8_t *eth_dst,
			  const struct nl_arp_pkt *pkt);

enum nl_arp_state {
	NL_ARP_FREE,
	NL_ARP_INCOMPLETE, /* request sent, packets may be waiting */
	NL_ARP_REACHABLE,  /* mac is valid until expires_ms */
};

struct nl_arp_entry {
	uint32_t ip;
	uint8_t mac[NL_ETH_ALEN];
	uint8_t state;	     /* enum nl_arp_state */
	uint8_t tries;	     /* requests sent so far (INCOMPLETE) */
	uint64_t expires_ms; /* REACHABLE: entry lapses; INCOMPLETE: next retry due */
	uint64_t used_ms;    /* last use or refresh: the LRU key */
};

struct nl_arp_pending {
	uint64_t handle;
	uint32_t ip;
};

/* Resolver state of one interface; embed it in the server's private data. */
struct nl_arp {
	uint8_t mac[NL_ETH_ALEN]; /* our address */
	uint32_t ip;		  /* our address; 0 = unconfigured, answer nothing */
	uint32_t ttl_ms;	  /* lifetime of a learned entry */
	uint32_t retry_ms;	  /* between requests for an unresolved address */
	uint32_t max_tries;	  /* requests before queued packets are freed */
	struct nl_stats *st;	  /* drop counters, may be NULL */
	struct nl_arp_entry cache[NL_ARP_CACHE_SIZE];
	unsigned npending;
	struct nl_arp_pending pending[NL_ARP_PENDING_MAX]; /* FIFO order */
};

/* A handle given back for freeing, and why. */
struct nl_arp_freed {
	uint64_t handle;
	enum nl_drop why;
};

/* What the caller must do after nl_arp_input. */
struct nl_arp_action {
	bool reply; /* send reply_frame */
	uint8_t reply_frame[NL_ARP_FRAME_LEN];
	uint32_t resolved_ip; /* valid when nresolved > 0 */
	uint8_t resolved_mac[NL_ETH_ALEN];
	unsigned nresolved; /* send these to resolved_mac, in order */
	uint64_t resolved[NL_ARP_PENDING_MAX];
};

/* Outcome of nl_arp_resolve. */
struct nl_arp_result {
	enum nl_drop drop; /* not NL_OK: handle refused, caller frees it */
	bool found;	   /* mac is valid: send the packet now */
	bool queued;	   /* handle kept until resolution or timeout */
	bool send_request; /* first wait for this address: send nl_arp_request_frame now */
	uint8_t mac[NL_ETH_ALEN];
};

/* What the caller must do after nl_arp_tick. */
struct nl_arp_tick {
	unsigned nrequest; /* resend a request for each */
	uint32_t request_ip[NL_ARP_CACHE_SIZE];
	unsigned nfreed; /* free each handle */
	struct nl_arp_freed freed[NL_ARP_PENDING_MAX];
};

/* Empty cache and queue, default timers. st may be NULL. */
void nl_arp_init(struct nl_arp *a, const uint8_t *mac, uint32_t ip, struct nl_stats *st);

/*
 * Handles a received ARP packet (Ethernet payload). Fills act, returns NL_OK
 * or the drop reason, which is already counted in a->st.
 */
enum nl_drop nl_arp_input(struct nl_arp *a, const uint8_t *p, size_t len, uint64_t now_ms,
			  struct nl_arp_action *act);

/* Copies the MAC for ip if a live entry exists (and marks it used). */
bool nl_arp_lookup(struct nl_arp *a, uint32_t ip, uint64_t now_ms, uint8_t *mac);

/*
 * Looks ip up for an outgoing packet; if unknown, queues handle and starts
 * resolution. A refusal (ARP_DROP_PENDING_FULL, ARP_DROP_CACHE_FULL) is
 * counted in a->st.
 */
void nl_arp_resolve(struct nl_arp *a, uint32_t ip, uint64_t handle, uint64_t now_ms,
		    struct nl_arp_result *res);

/*
 * Runs the timers: lapses old entries, asks for request retries, gives back
 * packets whose address did not resolve after max_tries requests
 * (ARP_DROP_UNRESOLVED, counted). Call it every retry_ms or so.
 */
void nl_arp_tick(struct nl_arp *a, uint64_t now_ms, struct nl_arp_tick *out);

/*
 * Empties the queue into out (NL_ARP_PENDING_MAX entries), for shutdown;
 * reason ARP_DROP_UNRESOLVED, counted. Returns the number of handles.
 */
unsigned nl_arp_drain(struct nl_arp *a, struct nl_arp_freed *out);

/* Broadcast request for ip, from our address. Returns its length or 0. */
size_t nl_arp_request_frame(const struct nl_arp *a, uint32_t ip, uint8_t *frame, size_t cap);

/* Gratuitous ARP announcing our address (RFC 5227 announcement). */
size_t nl_arp_announce_frame(const struct nl_arp *a, uint8_t *frame, size_t cap);

/* Entries not FREE (live or awaiting resolution). */
unsigned nl_arp_cache_used(const struct nl_arp *a);

NL_DECLS_END

#endif /* NETLIB_ARP_H */
