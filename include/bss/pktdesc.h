/*
 * A packet descriptor: what a queue entry carries beside the packet
 * reference (queue.put_batch_desc, get_batch_desc; services/queue.svc), as
 * sDDF's queues carry an offset and a length beside the buffer. Its
 * producer fills in what it knows, so that the next layer need not ask
 * the packet's server for it: every such question is a call, into another
 * address space when the stack is isolated (docs/isolation.md).
 *
 * The data are len bytes starting off bytes past addr, within the cap
 * bytes of buffer from addr; addr is the packet's map() as its owner sees
 * it. A consumer may use addr only where
 * bss_near(packet) says its address is valid as it is; elsewhere it calls
 * map() and adds off. A layer that consumes a header adds to off and sets
 * len instead of calling packet.trim(). flags without PKT_DESC_VALID: the
 * producer knew nothing (a plain put), the packet itself says all.
 */
#ifndef BSS_PKTDESC_H
#define BSS_PKTDESC_H

#include <stdint.h>

#define PKT_DESC_VALID 0x1u
/*
 * The buffer is one of a few its owner needs back soon (the IPv4 server's
 * reassembly slots): a consumer that keeps the data past its turn copies
 * it instead of keeping the packet.
 */
#define PKT_DESC_LENT 0x2u

struct bss_pkt_desc {
	uint64_t addr;
	uint32_t off, len, cap;
	uint32_t meta; /* packet.meta() (include/bss/netoffload.h) */
	uint32_t flags;
	uint32_t reserved; /* 0 */
};

#endif
