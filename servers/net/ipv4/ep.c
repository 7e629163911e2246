/*
 * Endpoints (thesis 4.5): a neighbour on the local network as a local
 * server. For IPv4 over Ethernet a neighbour is a hardware address, found
 * with ARP.
 */
#include "ip4.h"
#include <svc/endpoint.h>

uint32_t ep_addr(struct ep *e)
{
	return e->ip;
}

uint32_t ep_hwaddr(struct ep *e, void *mac, uint32_t n)
{
	struct ip4 *s = e->s;

	if (n < NL_ETH_ALEN)
		return 0;
	if (nl_arp_lookup(&s->arp, e->ip, now_ms(), mac))
		return NL_ETH_ALEN;
	struct txb out = {0};
	tx_arp_request(s, e->ip, &out);
	tx_flush(s, &out);
	return 0;
}

void ep_send(struct ep *e, bss_ref_t p)
{
	struct txb out = {0};

	tx_datagram(e->s, p, e->ip, &out); /* out may hold p now: released by the flush */
	tx_flush(e->s, &out);
}

static void ep_dtor(struct ep *e)
{
	e->used = false;
}

BSS_LOCAL_SERVER(ep_desc, ENDPOINT, struct ep, ep, .dtor = BSS_CTOR(ep_dtor));

bss_ref_t ep_get(struct ip4 *s, uint32_t ip)
{
	if ((ip & s->ifc.mask) != (s->ifc.addr & s->ifc.mask) || !nl_ip4_is_unicast(ip))
		bss_throw(BSS_E_INVAL, ENETUNREACH, "ipv4.endpoint: not on this network");
	for (unsigned i = 0; i < MAX_EP; i++) {
		struct ep *e = &s->eps[i];
		if (e->used)
			continue;
		e->used = true;
		e->s = s;
		e->ip = ip;
		return bss_local(&ep_desc, e);
	}
	bss_throw(BSS_E_LIMIT, EMFILE, "ipv4.endpoint: too many endpoints");
}
