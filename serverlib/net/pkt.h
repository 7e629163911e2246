/*
 * Small helpers over the packet service: a packet's bytes as a pointer.
 * Packets are data spaces (thesis 4.4); map() is valid while the reference
 * is held.
 */
#ifndef NET_PKT_H
#define NET_PKT_H

#include <bss/server.h>
#include <svc/packet.h>

static inline uint8_t *pkt_data(bss_ref_t p)
{
	return (uint8_t *)(uintptr_t)packet_map(p);
}

/* Releases n references (temporaries or permanent ones) and zeroes them. */
static inline void pkt_release_all(bss_ref_t *p, uint32_t n)
{
	for (uint32_t i = n; i-- > 0;) {
		if (p[i])
			bss_release(p[i]);
		p[i] = 0;
	}
}

#endif
