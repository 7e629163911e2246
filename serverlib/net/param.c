/*
 * Parameters from the config service, and IPv4 address text.
 */
#include "param.h"
#include <svc/config.h>
#include "common/fmt.h"

struct param_try {
	volatile uint32_t n;
	volatile bool ok;
};

bool param_str(bss_ref_t cfg, const char *key, char *val, uint32_t size)
{
	struct bss_try t;
	struct param_try r = {0, false};

	BSS_TRY(t)
	{
		r.n = config_param(cfg, key, (uint32_t)strlen(key), val, size - 1);
		r.ok = true;
	}
	BSS_CATCH(t)
	{
		r.ok = false;
	}
	if (!r.ok)
		return false;
	val[r.n < size - 1 ? r.n : size - 1] = 0;
	return true;
}

uint32_t param_u32(bss_ref_t cfg, const char *key, uint32_t def)
{
	char v[16];
	uint32_t x = 0;

	if (!param_str(cfg, key, v, sizeof(v)) || !v[0])
		return def;
	for (const char *p = v; *p; p++) {
		if (*p < '0' || *p > '9')
			return def;
		x = x * 10 + (uint32_t)(*p - '0');
	}
	return x;
}

static unsigned parse_dec(const char *s, uint32_t *v, uint32_t max)
{
	unsigned i = 0;

	*v = 0;
	while (s[i] >= '0' && s[i] <= '9' && i < 4) {
		*v = *v * 10 + (uint32_t)(s[i] - '0');
		i++;
	}
	return i && *v <= max ? i : 0;
}

unsigned parse_ip(const char *s, uint32_t *ip, uint32_t *len)
{
	unsigned at = 0;
	uint32_t v;

	*ip = 0;
	for (int part = 0; part < 4; part++) {
		unsigned k = parse_dec(s + at, &v, 255);
		if (!k)
			return 0;
		*ip = *ip << 8 | v;
		at += k;
		if (part < 3) {
			if (s[at] != '.')
				return 0;
			at++;
		}
	}
	*len = 32;
	if (s[at] == '/') {
		unsigned k = parse_dec(s + at + 1, &v, 32);
		if (!k)
			return 0;
		*len = v;
		at += 1 + k;
	}
	return at;
}

void fmt_ip(char *buf, uint32_t ip)
{
	bss_snprintf(buf, 16, "%u.%u.%u.%u", ip >> 24, (ip >> 16) & 255, (ip >> 8) & 255, ip & 255);
}

_Noreturn void net_throwf(uint32_t id, int32_t err, const char *fmt, ...)
{
	char msg[120];
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	bss_throw(id, err, msg);
}
