/*
 * Drop reasons of every layer, and the counters a server keeps for them.
 *
 * Each reason is listed once, in NL_DROP_LIST, with its layer and a
 * one-line description; the enum, the name table and the layer table are
 * all generated from that list so they cannot drift apart. NL_OK (0) means
 * "not dropped" and is what parsers return for a good packet.
 *
 * Who counts: pure parsers (nl_eth_parse, nl_ip_parse, ...) only return a
 * reason and the caller counts it. Stateful objects (struct nl_arp,
 * struct nl_ip_reasm) count their own drops into the nl_stats they were
 * given at init, because some of their drops (timeouts, evictions) happen in
 * calls that have no packet to return a reason for.
 */
#ifndef NETLIB_STATS_H
#define NETLIB_STATS_H

#include "netlib.h"

NL_DECLS_BEGIN

enum nl_layer {
	NL_LAYER_NONE,
	NL_LAYER_ETH,
	NL_LAYER_ARP,
	NL_LAYER_IP,
	NL_LAYER_ICMP,
	NL_LAYER_UDP,
};

/* X(name, layer, description) */
#define NL_DROP_LIST(X)                                                                            \
	X(NL_OK, NONE, "not dropped")                                                              \
	X(ETH_DROP_SHORT, ETH, "frame shorter than the 14-byte Ethernet header")                   \
	X(ETH_DROP_BAD_SRC, ETH, "source MAC is multicast, broadcast or zero")                     \
	X(ETH_DROP_UNSUPPORTED_TYPE, ETH,                                                          \
	  "VLAN tag or 802.3 length field instead of an EtherType")                                \
	X(ETH_DROP_NO_PROTO, ETH, "no protocol server registered for the EtherType")               \
	X(ETH_DROP_NOT_FOR_US, ETH, "destination MAC is neither ours nor broadcast")               \
	X(ETH_DROP_BAD_DESC, ETH, "queue descriptor reaches past its packet's buffer")             \
	X(ARP_DROP_SHORT, ARP, "ARP packet shorter than 28 bytes")                                 \
	X(ARP_DROP_BAD_HTYPE, ARP, "hardware type is not Ethernet (1)")                            \
	X(ARP_DROP_BAD_PTYPE, ARP, "protocol type is not IPv4 (0x0800)")                           \
	X(ARP_DROP_BAD_HLEN, ARP, "hardware address length is not 6")                              \
	X(ARP_DROP_BAD_PLEN, ARP, "protocol address length is not 4")                              \
	X(ARP_DROP_BAD_OP, ARP, "operation is neither request (1) nor reply (2)")                  \
	X(ARP_DROP_BAD_SENDER, ARP, "sender MAC not unicast, or sender IP multicast/broadcast")    \
	X(ARP_DROP_SPOOF, ARP, "another host claims our IP address")                               \
	X(ARP_DROP_LOOP, ARP, "our own ARP packet came back")                                      \
	X(ARP_DROP_NOT_FOR_US, ARP, "target IP is not ours (learned only if already cached)")      \
	X(ARP_DROP_UNSOLICITED, ARP, "reply for an address we never asked about")                  \
	X(ARP_DROP_PENDING_FULL, ARP, "queue of packets awaiting resolution is full")              \
	X(ARP_DROP_UNRESOLVED, ARP, "no ARP reply after all retries; queued packet freed")         \
	X(ARP_DROP_CACHE_FULL, ARP, "every cache entry is awaiting resolution")                    \
	X(IP_DROP_SHORT, IP, "packet shorter than the 20-byte IPv4 header")                        \
	X(IP_DROP_BAD_VERSION, IP, "version field is not 4")                                       \
	X(IP_DROP_BAD_IHL, IP, "header length below 20 or beyond total length or packet")          \
	X(IP_DROP_BAD_LEN, IP, "total length beyond the end of the packet")                        \
	X(IP_DROP_BAD_CSUM, IP, "header checksum does not verify")                                 \
	X(IP_DROP_TTL_EXPIRED, IP, "TTL would reach 0 when forwarding")                            \
	X(IP_DROP_BAD_SRC, IP, "source is multicast, broadcast or loopback")                       \
	X(IP_DROP_NOT_FOR_US, IP, "destination is not our address or a broadcast")                 \
	X(IP_DROP_NO_PROTO, IP, "no server for the protocol number")                               \
	X(IP_DROP_TOO_BIG, IP, "datagram longer than 65535 bytes")                                 \
	X(IP_DROP_NEED_FRAG, IP, "too big for the MTU and Don't Fragment is set")                  \
	X(IP_DROP_FRAG_BAD, IP, "empty fragment, or non-last fragment not a multiple of 8")        \
	X(IP_DROP_FRAG_OVERLAP, IP, "fragments overlap or disagree on the end: datagram dropped")  \
	X(IP_DROP_FRAG_DUP, IP, "exact duplicate of data already received")                        \
	X(IP_DROP_FRAG_OVERLONG, IP, "fragment reaches beyond 65535 bytes")                        \
	X(IP_DROP_FRAG_LATE, IP, "fragment of a datagram already reassembled or dropped")          \
	X(IP_DROP_FRAG_TIMEOUT, IP, "datagram not complete before the reassembly timeout")         \
	X(IP_DROP_FRAG_EVICTED, IP, "oldest incomplete datagram evicted: reassembly pool full")    \
	X(ICMP_DROP_SHORT, ICMP, "ICMP message shorter than its 8-byte header")                    \
	X(ICMP_DROP_BAD_CSUM, ICMP, "ICMP checksum does not verify")                               \
	X(ICMP_DROP_UNSUPPORTED, ICMP, "ICMP type or code we do not handle")                       \
	X(ICMP_DROP_BCAST_ECHO, ICMP, "echo request to a group address or from no unicast source") \
	X(ICMP_DROP_ERR_SUPPRESSED, ICMP, "RFC 1122 forbids an ICMP error about this packet")      \
	X(ICMP_DROP_RATELIMIT, ICMP, "ICMP error rate limit reached")                              \
	X(UDP_DROP_SHORT, UDP, "UDP datagram shorter than its 8-byte header")                      \
	X(UDP_DROP_BAD_LEN, UDP, "UDP length field below 8 or beyond the IP payload")              \
	X(UDP_DROP_BAD_CSUM, UDP, "UDP checksum (with pseudo header) does not verify")             \
	X(UDP_DROP_NO_PORT, UDP, "no socket bound to the destination port")

#define NL_DROP_ENUM_(name, layer, desc) name,
enum nl_drop { NL_DROP_LIST(NL_DROP_ENUM_) NL_DROP_COUNT };
#undef NL_DROP_ENUM_

/* Counters of one server; zero it with nl_stats_init (or memset). */
struct nl_stats {
	uint64_t rx;		      /* packets accepted */
	uint64_t tx;		      /* packets built and handed on */
	uint64_t drop[NL_DROP_COUNT]; /* per reason; drop[NL_OK] stays 0 */
};

void nl_stats_init(struct nl_stats *st);

/* Counts one drop; st may be NULL, NL_OK and unknown reasons are ignored. */
void nl_stats_drop(struct nl_stats *st, enum nl_drop why);

/* Sum of all drop counters. */
uint64_t nl_stats_drops(const struct nl_stats *st);

/* "IP_DROP_BAD_CSUM" etc.; "?" for a value outside the enum. */
const char *nl_drop_name(enum nl_drop why);

/* One-line human description; "?" for a value outside the enum. */
const char *nl_drop_desc(enum nl_drop why);

/* Layer a reason belongs to; NL_LAYER_NONE for NL_OK and unknown values. */
enum nl_layer nl_drop_layer(enum nl_drop why);

/* "eth", "arp", "ip", "icmp", "udp" or "none". */
const char *nl_layer_name(enum nl_layer layer);

NL_DECLS_END

#endif /* NETLIB_STATS_H */
