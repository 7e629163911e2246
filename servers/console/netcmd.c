/*
 * The console's network commands: net (each stack's address, link, driver
 * and the counters that are not zero) and ping (echo requests through a
 * stack's ICMP server). A stack is reached through the query it attached
 * with, which resolves its servers.
 */
#include "console.h"

#include <svc/ethdev.h>
#include <svc/ethproto.h>
#include <svc/icmp.h>
#include <svc/ipv4.h>
#include <svc/query.h>
#include <svc/stats.h>
#include <svc/tcp.h>
#include <svc/timer.h>
#include <svc/udp.h>

#define STATS 4096
#define WIDTH 76
#define PING_TIMEOUT_US 1000000
#define PING_GAP_US 500000
#define PING_MAX 100
#define NO_REPLY UINT64_MAX

/* The service svc of stack s, or 0 if it has none (a stack without TCP). */
static bss_ref_t layer(const struct stack *s, uint32_t svc)
{
	volatile bss_ref_t h = 0;
	struct bss_try t;

	BSS_TRY(t)
	{
		h = query_resolve(s->q, svc);
	}
	BSS_CATCH(t)
	{
		h = 0;
	}
	return h;
}

const struct stack *net_stack_of_driver(struct console *c, bss_ref_t r)
{
	for (unsigned i = 0; i < c->nstacks; i++) {
		bss_ref_t ep = layer(&c->st[i], ETHPROTO_SVC_ID);
		if (ep && bss_same(ethproto_device(ep), r))
			return &c->st[i];
	}
	return NULL;
}

static void ip_text(char *buf, size_t n, uint32_t a)
{
	bss_snprintf(buf, n, "%u.%u.%u.%u", a >> 24, a >> 16 & 0xff, a >> 8 & 0xff, a & 0xff);
}

static bool parse_ip(const char *s, uint32_t *out)
{
	uint32_t a = 0;

	for (int part = 0; part < 4; part++) {
		uint32_t v = 0, digits = 0;
		while (*s >= '0' && *s <= '9' && digits < 4)
			v = v * 10 + (uint32_t)(*s++ - '0'), digits++;
		if (!digits || v > 255 || *s != (part < 3 ? '.' : 0))
			return false;
		if (part < 3)
			s++;
		a = a << 8 | v;
	}
	*out = a;
	return true;
}

/* The counters of text ("name value" lines) that are not 0, packed into lines. */
static void counters(const char *text, uint32_t n)
{
	char l[WIDTH + 1];
	uint32_t at = 0;

	for (uint32_t i = 0; i < n;) {
		uint32_t e = i;
		while (e < n && text[e] != '\n')
			e++;
		uint32_t len = e - i;
		bool zero = len >= 2 && text[e - 1] == '0' && text[e - 2] == ' ';
		if (!zero && len && len < WIDTH - 2) {
			if (at + 2 + len > WIDTH) {
				bss_printf("%.*s\n", (int)at, l);
				at = 0;
			}
			memcpy(l + at, "  ", 2);
			memcpy(l + at + 2, text + i, len);
			at += 2 + len;
		}
		i = e + 1;
	}
	if (at)
		bss_printf("%.*s\n", (int)at, l);
}

static void stats_of(bss_ref_t stats)
{
	char text[STATS];

	counters(text, stats_stats(stats, text, sizeof(text)));
	bss_release(stats);
}

static void show_stack(const struct stack *s)
{
	char ip[16], name[48], text[STATS];
	uint8_t mac[6] = {0};
	bss_ref_t ipv4 = layer(s, IPV4_SVC_ID), ep = layer(s, ETHPROTO_SVC_ID);
	bss_ref_t icmp = layer(s, ICMP_SVC_ID), udp = layer(s, UDP_SVC_ID);
	bss_ref_t tcp = layer(s, TCP_SVC_ID);

	if (!ipv4 || !ep) {
		bss_printf("stack %s: not up\n", s->name);
		return;
	}
	bss_ref_t dev = ethproto_device(ep);
	uint32_t mask = ipv4_netmask(ipv4), bits = 0;
	while (bits < 32 && (mask << bits & 0x80000000u))
		bits++;
	ip_text(ip, sizeof(ip), ipv4_addr(ipv4));
	ethdev_mac(dev, mac, sizeof(mac));
	cmd_describe(dev, name, sizeof(name));
	uint32_t link = ethdev_link(dev);
	char speed[16];
	if (link == 0xffffffffu)
		bss_snprintf(speed, sizeof(speed), "up");
	else
		bss_snprintf(speed, sizeof(speed), "%u Mbit/s", link);
	bss_printf("stack %s: %s/%u link %s mac %02x:%02x:%02x:%02x:%02x:%02x\n", s->name, ip, bits,
		   speed, mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	bss_printf("  driver %s\n", name);
	counters(text, ethdev_stats(dev, text, sizeof(text)));
	stats_of(ethproto_counters(ep));
	stats_of(ipv4_counters(ipv4));
	if (icmp)
		stats_of(icmp_counters(icmp));
	if (udp)
		stats_of(udp_counters(udp));
	if (tcp)
		stats_of(tcp_counters(tcp));
}

void cmd_net(struct console *c, int argc, char **argv)
{
	unsigned shown = 0;

	if (!c->nstacks)
		bss_printf("net: no network stack attached\n");
	for (unsigned i = 0; i < c->nstacks; i++)
		if (argc < 2 || !strcmp(argv[1], c->st[i].name)) {
			show_stack(&c->st[i]);
			shown++;
		}
	if (c->nstacks && !shown)
		bss_printf("net: no stack %s\n", argv[1]);
}

/* The stack on dst's network, else the first. */
static const struct stack *route(struct console *c, uint32_t dst)
{
	for (unsigned i = 0; i < c->nstacks; i++) {
		bss_ref_t ipv4 = layer(&c->st[i], IPV4_SVC_ID);
		if (!ipv4)
			continue;
		uint32_t m = ipv4_netmask(ipv4);
		if ((ipv4_addr(ipv4) & m) == (dst & m))
			return &c->st[i];
	}
	return c->nstacks ? &c->st[0] : NULL;
}

static void ms(char *buf, size_t n, uint64_t ns)
{
	bss_snprintf(buf, n, "%lu.%03lu", (unsigned long)(ns / 1000000u),
		     (unsigned long)(ns / 1000u % 1000u));
}

void cmd_ping(struct console *c, int argc, char **argv)
{
	uint32_t dst, count = 4;
	char ip[16], t[24], t2[24], t3[24];

	if (argc < 2 || argc > 3 || !parse_ip(argv[1], &dst)) {
		bss_printf("ping: usage: ping A.B.C.D [COUNT]\n");
		return;
	}
	if (argc == 3) {
		count = 0;
		for (const char *p = argv[2]; *p >= '0' && *p <= '9' && count <= PING_MAX; p++)
			count = count * 10 + (uint32_t)(*p - '0');
		if (!count || count > PING_MAX) {
			bss_printf("ping: COUNT is 1 to %u\n", PING_MAX);
			return;
		}
	}
	const struct stack *s = route(c, dst);
	bss_ref_t icmp = s ? layer(s, ICMP_SVC_ID) : 0;
	if (!icmp) {
		bss_printf("ping: no network stack with ICMP\n");
		return;
	}
	ip_text(ip, sizeof(ip), dst);
	uint32_t got = 0;
	uint64_t min = NO_REPLY, max = 0, sum = 0;
	for (uint32_t seq = 1; seq <= count; seq++) {
		uint64_t rtt = icmp_ping(icmp, dst, seq, PING_TIMEOUT_US);
		if (rtt == NO_REPLY) {
			bss_printf("ping %s: seq %u: no reply within 1 s\n", ip, seq);
		} else {
			got++;
			sum += rtt;
			min = rtt < min ? rtt : min;
			max = rtt > max ? rtt : max;
			ms(t, sizeof(t), rtt);
			bss_printf("ping %s: seq %u: reply in %s ms (stack %s)\n", ip, seq, t,
				   s->name);
		}
		if (seq < count)
			timer_sleep_us(REQ_TIMER, PING_GAP_US);
	}
	if (!got) {
		bss_printf("ping %s: %u sent, 0 received\n", ip, count);
		return;
	}
	ms(t, sizeof(t), min);
	ms(t2, sizeof(t2), sum / got);
	ms(t3, sizeof(t3), max);
	bss_printf("ping %s: %u sent, %u received, round trip min/avg/max %s/%s/%s ms\n", ip, count,
		   got, t, t2, t3);
}
