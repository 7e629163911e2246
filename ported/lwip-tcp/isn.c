// SPDX-License-Identifier: BSD-3-Clause
/*
 * Initial sequence numbers as RFC 6528 asks: ISN = M + F(4-tuple, key),
 * M a clock ticking every 4 microseconds, F a keyed pseudorandom function.
 * lwIP's default (iss += tcp_ticks, one counter for every connection) lets
 * anyone who opens one connection predict the next; here an off-path
 * attacker must know the key. lwIP calls this through LWIP_HOOK_TCP_ISN
 * (shims/lwip/server/lwipopts.h); its TCP code is untouched.
 *
 * F is SipHash-2-4 (Aumasson and Bernstein, 2012), written from its
 * specification. The key is drawn once, from the time-stamp counter and
 * the clock at the first connection: there is no entropy service yet, so
 * the key is as unpredictable as the boot's timing (docs/tcp.md).
 */
#include "glue.h"

static u64_t isn_key[2];
static bool isn_keyed;

static u64_t rotl(u64_t x, int b)
{
	return (x << b) | (x >> (64 - b));
}

static void sip_round(u64_t v[4])
{
	v[0] += v[1];
	v[1] = rotl(v[1], 13);
	v[1] ^= v[0];
	v[0] = rotl(v[0], 32);
	v[2] += v[3];
	v[3] = rotl(v[3], 16);
	v[3] ^= v[2];
	v[0] += v[3];
	v[3] = rotl(v[3], 21);
	v[3] ^= v[0];
	v[2] += v[1];
	v[1] = rotl(v[1], 17);
	v[1] ^= v[2];
	v[2] = rotl(v[2], 32);
}

/* SipHash-2-4 of len bytes at p under key k. */
u64_t lwip_tcp_siphash(const u64_t k[2], const u8_t *p, u32_t len)
{
	u64_t v[4] = {
		k[0] ^ 0x736f6d6570736575ull,
		k[1] ^ 0x646f72616e646f6dull,
		k[0] ^ 0x6c7967656e657261ull,
		k[1] ^ 0x7465646279746573ull,
	};
	u64_t m, last = (u64_t)len << 56;
	u32_t i, j;

	for (i = 0; i + 8 <= len; i += 8) {
		for (m = 0, j = 0; j < 8; j++)
			m |= (u64_t)p[i + j] << (8 * j);
		v[3] ^= m;
		sip_round(v);
		sip_round(v);
		v[0] ^= m;
	}
	for (j = 0; i + j < len; j++)
		last |= (u64_t)p[i + j] << (8 * j);
	v[3] ^= last;
	sip_round(v);
	sip_round(v);
	v[0] ^= last;
	v[2] ^= 0xff;
	for (j = 0; j < 4; j++)
		sip_round(v);
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}

static void isn_draw_key(void)
{
	u64_t now = glue_now_ns();
	u64_t tsc = __builtin_ia32_rdtsc();
	u64_t seed[2] = {tsc ^ 0x9e3779b97f4a7c15ull, now ^ (u64_t)(uintptr_t)&now};
	u8_t mix[16];
	u32_t i;

	for (i = 0; i < 8; i++) {
		mix[i] = (u8_t)(now >> (8 * i));
		mix[8 + i] = (u8_t)(tsc >> (8 * i));
	}
	isn_key[0] = lwip_tcp_siphash(seed, mix, sizeof(mix));
	isn_key[1] = lwip_tcp_siphash(seed, mix, sizeof(mix) - 1) ^ __builtin_ia32_rdtsc();
	isn_keyed = true;
}

u32_t lwip_tcp_isn(const ip_addr_t *local_ip, u16_t local_port, const ip_addr_t *remote_ip,
		   u16_t remote_port)
{
	u32_t l = ip4_addr_get_u32(ip_2_ip4(local_ip));
	u32_t r = ip4_addr_get_u32(ip_2_ip4(remote_ip));
	u8_t t[12];

	if (!isn_keyed)
		isn_draw_key();
	memcpy(t, &l, 4);
	memcpy(t + 4, &r, 4);
	t[8] = (u8_t)(local_port >> 8);
	t[9] = (u8_t)local_port;
	t[10] = (u8_t)(remote_port >> 8);
	t[11] = (u8_t)remote_port;
	return (u32_t)(glue_now_ns() / 4000u) + (u32_t)lwip_tcp_siphash(isn_key, t, sizeof(t));
}
