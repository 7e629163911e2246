/*
 * Writes the seed corpus of the fuzz targets: tests/fuzz/corpus/<target>/.
 * Deterministic, so regenerating and diffing shows whether the committed
 * seeds are current. Usage: gen-seeds <corpus dir>
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arp.h"
#include "csum.h"
#include "eth.h"
#include "icmp.h"
#include "ipv4.h"
#include "udp.h"

static const char *root;
static const uint8_t us[6] = {0x02, 0, 0, 0, 0, 1};
static const uint8_t peer[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
#define US_IP NL_IP4(10, 0, 0, 1)
#define PEER_IP NL_IP4(10, 0, 0, 2)
#define A_IP NL_IP4(192, 168, 1, 2)
#define B_IP NL_IP4(192, 168, 1, 1)

static void put(const char *target, const char *name, const void *data, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, target);
	if (mkdir(path, 0777) && errno != EEXIST) {
		perror(path);
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/%s/%s", root, target, name);
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static size_t ip_packet(uint8_t *p, uint8_t proto, uint32_t src, uint32_t dst, const void *pl,
			size_t len)
{
	struct nl_ip_tx tx = {
		.id = 0x100,
		.ttl = 64,
		.proto = proto,
		.src = src,
		.dst = dst,
		.payload_len = len,
	};

	nl_ip_build(p, NL_IP_HLEN, &tx);
	memcpy(p + NL_IP_HLEN, pl, len);
	return NL_IP_HLEN + len;
}

static void eth_seeds(void)
{
	uint8_t f[128];
	struct nl_arp a;

	memset(f, 0, sizeof(f));
	nl_eth_build(f, sizeof(f), us, peer, NL_ETHERTYPE_IPV4);
	ip_packet(f + 14, 17, A_IP, B_IP, "\x04\xd2\x00\x35\x00\x0c\x00\x00ping", 12);
	put("eth", "ipv4", f, 60);
	nl_arp_init(&a, us, US_IP, NULL);
	put("eth", "arp-request", f, nl_arp_request_frame(&a, PEER_IP, f, sizeof(f)));
	nl_eth_build(f, sizeof(f), nl_mac_broadcast, peer, NL_ETHERTYPE_VLAN);
	put("eth", "vlan", f, 64);
	put("eth", "short", f, 13);
	nl_eth_build(f, sizeof(f), us, nl_mac_broadcast, NL_ETHERTYPE_IPV4);
	put("eth", "bcast-src", f, 60);
}

static void arp_seeds(void)
{
	uint8_t p[256];
	struct nl_arp_pkt req = {.op = 1, .spa = PEER_IP, .tpa = US_IP};
	size_t n = 0;

	memcpy(req.sha, peer, 6);
	nl_arp_build(p, sizeof(p), &req);
	put("arp", "bare-request", p, NL_ARP_LEN);

	/* Script ops, see fuzz_arp.c. */
	p[0] = 0;
	p[1] = NL_ARP_LEN;
	nl_arp_build(p + 2, NL_ARP_LEN, &req);
	put("arp", "raw-request", p, 2 + NL_ARP_LEN);

	/* Resolve 10.0.0.2 twice, then its reply arrives. */
	n = 0;
	p[n++] = 2, p[n++] = 4;
	p[n++] = 2, p[n++] = 4;
	p[n++] = 1, p[n++] = 1, p[n++] = 0x06, p[n++] = 4, p[n++] = 0;
	p[n++] = 5, p[n++] = 4;
	put("arp", "resolve-reply", p, n);

	/* A reply and a request claiming our address. */
	n = 0;
	p[n++] = 1, p[n++] = 1, p[n++] = 0x0a, p[n++] = 0, p[n++] = 4;
	p[n++] = 1, p[n++] = 0, p[n++] = 0x0a, p[n++] = 0, p[n++] = 0;
	put("arp", "spoof", p, n);

	/* Nobody answers: retries, then the packets come back. */
	n = 0;
	p[n++] = 2, p[n++] = 12;
	p[n++] = 2, p[n++] = 20;
	for (int i = 0; i < 5; i++)
		p[n++] = 4, p[n++] = 20, p[n++] = 3;
	put("arp", "unresolved", p, n);

	/* Many neighbours ask for us, then time passes: LRU and expiry. */
	n = 0;
	for (int i = 0; i < 40 && n + 5 < sizeof(p); i++)
		p[n++] = 1, p[n++] = 0, p[n++] = (uint8_t)(i << 2 | 2),
		p[n++] = (uint8_t)(i << 3 | 4), p[n++] = 0;
	put("arp", "many-neighbours", p, n);
	p[n++] = 4, p[n++] = 255;
	p[n++] = 3;
	p[n++] = 6;
	put("arp", "many-then-expire", p, n);
}

/* A reassembly script record, see fuzz_ipv4.c. */
static size_t rec(uint8_t *p, unsigned id, bool mf, unsigned step, unsigned off8, unsigned len,
		  unsigned optw)
{
	p[0] = (uint8_t)(id | (mf ? 4 : 0) | step << 4);
	nl_put16(p + 1, (uint16_t)off8);
	nl_put16(p + 3, (uint16_t)len);
	p[5] = (uint8_t)optw;
	return 6;
}

static void ipv4_seeds(void)
{
	uint8_t p[512];
	size_t n;

	n = ip_packet(p, 17, A_IP, B_IP, "\x04\xd2\x00\x35\x00\x0c\x00\x00ping", 12);
	put("ipv4", "udp-packet", p, n);

	n = 0;
	n += rec(p + n, 1, true, 0, 0, 1480, 0);
	n += rec(p + n, 1, true, 0, 185, 1480, 0);
	n += rec(p + n, 1, false, 0, 370, 1040, 0);
	put("ipv4", "frag-in-order", p, n);

	n = 0;
	n += rec(p + n, 2, false, 0, 370, 1040, 0);
	n += rec(p + n, 2, true, 1, 0, 1480, 2);
	n += rec(p + n, 2, true, 1, 185, 1480, 0);
	put("ipv4", "frag-reverse-options", p, n);

	n = 0;
	n += rec(p + n, 0, true, 0, 0, 800, 0);
	n += rec(p + n, 0, true, 0, 50, 800, 0);
	n += rec(p + n, 0, false, 0, 100, 8, 0);
	put("ipv4", "frag-overlap", p, n);

	n = 0;
	n += rec(p + n, 3, true, 0, 0, 1480, 0);
	n += rec(p + n, 3, false, 0, 8189, 24, 0);
	put("ipv4", "frag-overlong", p, n);

	n = 0;
	for (unsigned i = 0; i < 12; i++)
		n += rec(p + n, i & 3, true, 3, i, 8, 0);
	n += rec(p + n, 1, false, 15, 20, 8, 0);
	put("ipv4", "frag-flood-timeout", p, n);

	n = 0;
	n += rec(p + n, 1, true, 0, 0, 64, 0);
	n += rec(p + n, 1, false, 0, 8, 3, 0);
	n += rec(p + n, 1, false, 0, 8, 3, 0);
	n += rec(p + n, 1, true, 8, 0, 64, 0);
	put("ipv4", "frag-dup-late", p, n);
}

static void icmp_seeds(void)
{
	uint8_t m[64] = {8, 0, 0, 0, 0, 1, 0, 1}, p[128], e[128];
	struct nl_ip_hdr h;
	enum nl_drop why;
	size_t n;

	memcpy(m + 8, "abcdefghijklmnopqrstuvwabcdefghi", 32);
	nl_put16(m + 2, nl_csum(m, 40));
	n = ip_packet(p, 1, A_IP, B_IP, m, 40);
	put("icmp", "windows-ping", p, n);
	put("icmp", "bare-echo", m, 40);
	m[8] = 'x';
	nl_put16(m + 2, 0);
	nl_put16(m + 2, nl_csum(m, 9));
	put("icmp", "odd-echo", p, ip_packet(p, 1, A_IP, B_IP, m, 9));
	n = ip_packet(p, 17, A_IP, B_IP, "\x30\x39\x00\x35\x00\x0c\x00\x00ping", 12);
	put("icmp", "udp-to-closed-port", p, n);
	nl_ip_parse(p, n, &h);
	n = nl_icmp_port_unreach(e, sizeof(e), &h, false, B_IP, 2, &why);
	put("icmp", "port-unreach", e, n);
}

static void udp_seeds(void)
{
	uint8_t p[64];
	size_t n;

	nl_put32(p, NL_IP4(10, 0, 0, 1));
	nl_put32(p + 4, NL_IP4(10, 0, 0, 2));
	memcpy(p + 16, "hello", 5);
	n = nl_udp_build(p + 8, sizeof(p) - 8, NL_IP4(10, 0, 0, 1), NL_IP4(10, 0, 0, 2), 1234, 53,
			 5);
	put("udp", "hello", p, 8 + n);
	p[14] = p[15] = 0;
	put("udp", "no-checksum", p, 8 + n);
	p[13] = 40;
	put("udp", "bad-length", p, 8 + n);
	put("udp", "short", p, 8 + 5);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: gen-seeds <corpus dir>\n");
		return 2;
	}
	root = argv[1];
	if (mkdir(root, 0777) && errno != EEXIST) {
		perror(root);
		return 1;
	}
	eth_seeds();
	arp_seeds();
	ipv4_seeds();
	icmp_seeds();
	udp_seeds();
	return 0;
}
