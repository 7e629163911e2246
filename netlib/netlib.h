/*
 * Base of the network protocol library: freestanding types, the few libc
 * functions the library uses, and big-endian load/store helpers.
 *
 * The library is pure protocol logic: no globals, no allocation, no clock.
 * Every object lives in memory the caller owns (servers embed it in their
 * private data), and time comes in as a now_ms argument, so the same code
 * runs inside a BSS server, in a host unit test and under libFuzzer.
 *
 * IPv4 addresses are uint32_t numeric values (192.0.2.1 is 0xc0000201);
 * packets are raw network-order byte arrays, read and written with the
 * nl_get/nl_put helpers below rather than struct overlays, so alignment and
 * padding never matter.
 */
#ifndef NETLIB_H
#define NETLIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * In a server (freestanding build) every symbol is hidden, as BSS_IMPORT
 * does for imports: references then become direct PC-relative calls and
 * loads instead of GOT entries, which is what the server loader binds. The
 * host build keeps default visibility, since there memcpy lives in libc.
 * Every library header wraps its declarations in these.
 */
#if defined(__STDC_HOSTED__) && __STDC_HOSTED__ == 0
#define NL_DECLS_BEGIN _Pragma("GCC visibility push(hidden)")
#define NL_DECLS_END _Pragma("GCC visibility pop")
#else
#define NL_DECLS_BEGIN
#define NL_DECLS_END
#endif

NL_DECLS_BEGIN

/*
 * The only libc the library needs. Servers get these from the runtime, the
 * host build from libc; declaring them here keeps <string.h> out of the
 * freestanding build.
 */
void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

NL_DECLS_END

static inline uint16_t nl_get16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static inline uint32_t nl_get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) |
	       (uint32_t)p[3];
}

static inline void nl_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void nl_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Builds a numeric IPv4 address from its dotted parts: NL_IP4(192, 0, 2, 1). */
#define NL_IP4(a, b, c, d)                                                                         \
	(((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) | (uint32_t)(d))

#define NL_IP4_BROADCAST 0xffffffffu

/* 224.0.0.0/4: never a valid source, never answered with an ICMP error. */
static inline bool nl_ip4_is_multicast(uint32_t ip)
{
	return (ip >> 28) == 0xe;
}

/*
 * True when ip can be the address of a single host as a packet's source:
 * not 0.0.0.0, not limited broadcast, not multicast or class E.
 */
static inline bool nl_ip4_is_unicast(uint32_t ip)
{
	return ip != 0 && ip != NL_IP4_BROADCAST && (ip >> 28) < 0xe;
}

#endif /* NETLIB_H */
