/*
 * Reading a stack's parameters from the config service (services/
 * config.svc): typed helpers with defaults, for the network servers.
 */
#ifndef NET_PARAM_H
#define NET_PARAM_H

#include <bss/server.h>

/* Copies the value of key into val (NUL-terminated); false if unset. */
bool param_str(bss_ref_t cfg, const char *key, char *val, uint32_t size);

/* A decimal value, or def if unset or malformed. */
uint32_t param_u32(bss_ref_t cfg, const char *key, uint32_t def);

/*
 * Parses "a.b.c.d" or "a.b.c.d/len" at s; returns the number of characters
 * used, 0 if malformed. *len is 32 without a prefix length.
 */
unsigned parse_ip(const char *s, uint32_t *ip, uint32_t *len);

/* "a.b.c.d" into buf (at least 16 bytes). */
void fmt_ip(char *buf, uint32_t ip);

static inline uint32_t prefix_mask(uint32_t len)
{
	return len ? ~0u << (32 - len) : 0;
}

/* bss_throw with a formatted message. */
_Noreturn void net_throwf(uint32_t id, int32_t err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
#endif
