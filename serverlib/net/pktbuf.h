/*
 * The packet service (services/packet.svc) over one buffer of a server's
 * own: what the packet pool's packets and the IPv4 server's reassembled
 * datagrams share. trim() moves the start on without moving data, push()
 * back into what a trim dropped or the owner left in front.
 */
#ifndef NET_PKTBUF_H
#define NET_PKTBUF_H

#include <bss/server.h>

struct pktbuf {
	uint8_t *buf;	   /* where the data starts (trim moves it on, push back) */
	uint32_t len, cap; /* cap: from buf on */
	uint32_t head;	   /* bytes of the buffer in front of buf */
	uint32_t meta;	   /* packet.meta(): offloads asked for (netoffload.h) */
};

static inline void pktbuf_init(struct pktbuf *p, uint8_t *buf, uint32_t head, uint32_t len,
			       uint32_t cap)
{
	p->buf = buf;
	p->head = head;
	p->len = len;
	p->cap = cap;
	p->meta = 0;
}

static inline void pktbuf_set_len(struct pktbuf *p, uint32_t len)
{
	if (len > p->cap)
		bss_throw(BSS_E_INVAL, EINVAL, "packet.set_len: beyond the buffer");
	p->len = len;
}

static inline void pktbuf_trim(struct pktbuf *p, uint32_t head, uint32_t len)
{
	if (head > p->cap || len > p->cap - head)
		bss_throw(BSS_E_INVAL, EINVAL, "packet.trim: beyond the buffer");
	p->buf += head;
	p->cap -= head;
	p->head += head;
	p->len = len;
}

static inline uint32_t pktbuf_push(struct pktbuf *p, uint32_t n)
{
	if (n > p->head)
		return 0;
	p->buf -= n;
	p->cap += n;
	p->head -= n;
	p->len += n;
	return 1;
}

/*
 * The packet service's eight functions for a local server of type T whose
 * struct pktbuf is its member b, named PREFIX_map ... PREFIX_push as
 * BSS_LOCAL_SERVER(desc, PACKET, T, PREFIX) expects them.
 */
#define PKTBUF_PACKET_FNS(PREFIX, T)                                                               \
	uint64_t PREFIX##_map(T *p)                                                                \
	{                                                                                          \
		return (uint64_t)(uintptr_t)p->b.buf;                                              \
	}                                                                                          \
	uint32_t PREFIX##_len(T *p)                                                                \
	{                                                                                          \
		return p->b.len;                                                                   \
	}                                                                                          \
	void PREFIX##_set_len(T *p, uint32_t len)                                                  \
	{                                                                                          \
		pktbuf_set_len(&p->b, len);                                                        \
	}                                                                                          \
	uint32_t PREFIX##_cap(T *p)                                                                \
	{                                                                                          \
		return p->b.cap;                                                                   \
	}                                                                                          \
	uint32_t PREFIX##_meta(T *p)                                                               \
	{                                                                                          \
		return p->b.meta;                                                                  \
	}                                                                                          \
	void PREFIX##_set_meta(T *p, uint32_t meta)                                                \
	{                                                                                          \
		p->b.meta = meta;                                                                  \
	}                                                                                          \
	void PREFIX##_trim(T *p, uint32_t head, uint32_t len)                                      \
	{                                                                                          \
		pktbuf_trim(&p->b, head, len);                                                     \
	}                                                                                          \
	uint32_t PREFIX##_push(T *p, uint32_t n)                                                   \
	{                                                                                          \
		return pktbuf_push(&p->b, n);                                                      \
	}

#endif
