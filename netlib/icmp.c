/*
 * ICMP messages: parse, echo reply, error messages with their suppression
 * rules, and the error rate limit.
 */
#include "icmp.h"
#include "csum.h"

bool nl_icmp_is_error(uint8_t type)
{
	switch (type) {
	case NL_ICMP_DEST_UNREACH:
	case NL_ICMP_SOURCE_QUENCH:
	case NL_ICMP_REDIRECT:
	case NL_ICMP_TIME_EXCEEDED:
	case NL_ICMP_PARAM_PROBLEM:
		return true;
	default:
		return false;
	}
}

enum nl_drop nl_icmp_parse(const uint8_t *p, size_t len, struct nl_icmp *out)
{
	if (len < NL_ICMP_HLEN)
		return ICMP_DROP_SHORT;
	if (nl_csum(p, len) != 0)
		return ICMP_DROP_BAD_CSUM;
	out->type = p[0];
	out->code = p[1];
	out->csum = nl_get16(p + 2);
	out->rest = nl_get32(p + 4);
	out->msg = p;
	out->len = len;
	out->data = p + NL_ICMP_HLEN;
	out->data_len = len - NL_ICMP_HLEN;
	return NL_OK;
}

/* IPv4 header for a message of len bytes from src to dst. */
static void ip_header(uint8_t *out, uint32_t src, uint32_t dst, uint8_t tos, uint16_t id,
		      size_t len)
{
	struct nl_ip_tx tx = {
		.tos = tos,
		.id = id,
		.ttl = NL_IP_DEFAULT_TTL,
		.proto = NL_IP_PROTO_ICMP,
		.src = src,
		.dst = dst,
		.payload_len = len,
	};

	nl_ip_build(out, NL_IP_HLEN, &tx);
}

static size_t fail(enum nl_drop *why, enum nl_drop reason)
{
	*why = reason;
	return 0;
}

size_t nl_icmp_echo_reply(uint8_t *out, size_t cap, const struct nl_ip_hdr *req, uint32_t our_ip,
			  uint16_t ip_id, enum nl_drop *why)
{
	struct nl_icmp m;
	uint8_t *icmp = out + NL_IP_HLEN;
	enum nl_drop r;

	*why = NL_OK;
	r = nl_icmp_parse(req->payload, req->payload_len, &m);
	if (r != NL_OK)
		return fail(why, r);
	if (m.type != NL_ICMP_ECHO_REQUEST || m.code != 0)
		return fail(why, ICMP_DROP_UNSUPPORTED);
	/* Answering broadcasts makes us a smurf amplifier (RFC 1122 3.2.2.6 allows silence). */
	if (req->dst != our_ip || !nl_ip4_is_unicast(req->src))
		return fail(why, ICMP_DROP_BCAST_ECHO);
	if (cap < NL_IP_HLEN || cap - NL_IP_HLEN < m.len)
		return fail(why, IP_DROP_TOO_BIG);

	memmove(icmp, m.msg, m.len);
	icmp[0] = NL_ICMP_ECHO_REPLY;
	/* Only the type/code word changed: 0x0800 -> 0x0000. */
	nl_put16(icmp + 2, nl_csum_update16(m.csum, (uint16_t)(NL_ICMP_ECHO_REQUEST << 8),
					    (uint16_t)(NL_ICMP_ECHO_REPLY << 8)));
	ip_header(out, our_ip, req->src, req->tos, ip_id, m.len);
	return NL_IP_HLEN + m.len;
}

size_t nl_icmp_echo_request(uint8_t *out, size_t cap, uint32_t src, uint32_t dst, uint16_t id,
			    uint16_t seq, size_t data_len, uint16_t ip_id, enum nl_drop *why)
{
	size_t len = NL_ICMP_HLEN + data_len;
	uint8_t *icmp = out + NL_IP_HLEN;

	*why = NL_OK;
	if (data_len > 65535 - NL_IP_HLEN - NL_ICMP_HLEN || cap < NL_IP_HLEN + len)
		return fail(why, IP_DROP_TOO_BIG);
	icmp[0] = NL_ICMP_ECHO_REQUEST;
	icmp[1] = 0;
	nl_put16(icmp + 2, 0);
	nl_put16(icmp + 4, id);
	nl_put16(icmp + 6, seq);
	for (size_t i = 0; i < data_len; i++)
		icmp[NL_ICMP_HLEN + i] = (uint8_t)i;
	nl_put16(icmp + 2, nl_csum(icmp, len));
	ip_header(out, src, dst, 0, ip_id, len);
	return NL_IP_HLEN + len;
}

/* RFC 1122 3.2.2: the cases where sending an ICMP error is forbidden. */
static bool error_forbidden(const struct nl_ip_hdr *orig, bool orig_bcast)
{
	/* Errors about errors could loop forever between two hosts. */
	if (orig->proto == NL_IP_PROTO_ICMP &&
	    (orig->payload_len < 1 || nl_icmp_is_error(orig->payload[0])))
		return true;
	/* Only the first fragment carries the ports the error is about. */
	if (orig->frag_off != 0)
		return true;
	/* One broadcast would draw an error from every host: a storm. */
	if (orig_bcast || orig->dst == NL_IP4_BROADCAST || nl_ip4_is_multicast(orig->dst))
		return true;
	/* The error must go to exactly one host. */
	if (!nl_ip4_is_unicast(orig->src) || (orig->src >> 24) == 127)
		return true;
	return false;
}

size_t nl_icmp_error(uint8_t *out, size_t cap, uint8_t type, uint8_t code, uint32_t rest,
		     const struct nl_ip_hdr *orig, bool orig_bcast, uint32_t our_ip, uint16_t ip_id,
		     enum nl_drop *why)
{
	size_t quote = orig->payload_len < NL_ICMP_QUOTE ? orig->payload_len : NL_ICMP_QUOTE;
	size_t len = NL_ICMP_HLEN + orig->hlen + quote;
	uint8_t *icmp = out + NL_IP_HLEN;

	*why = NL_OK;
	if (error_forbidden(orig, orig_bcast))
		return fail(why, ICMP_DROP_ERR_SUPPRESSED);
	if (cap < NL_IP_HLEN + len)
		return fail(why, IP_DROP_TOO_BIG);

	icmp[0] = type;
	icmp[1] = code;
	nl_put16(icmp + 2, 0);
	nl_put32(icmp + 4, rest);
	/* memmove: the caller may build the error over the offending packet. */
	memmove(icmp + NL_ICMP_HLEN, orig->hdr, orig->hlen + quote);
	nl_put16(icmp + 2, nl_csum(icmp, len));
	ip_header(out, our_ip, orig->src, 0, ip_id, len);
	return NL_IP_HLEN + len;
}

size_t nl_icmp_port_unreach(uint8_t *out, size_t cap, const struct nl_ip_hdr *orig, bool orig_bcast,
			    uint32_t our_ip, uint16_t ip_id, enum nl_drop *why)
{
	return nl_icmp_error(out, cap, NL_ICMP_DEST_UNREACH, NL_ICMP_PORT_UNREACH, 0, orig,
			     orig_bcast, our_ip, ip_id, why);
}

void nl_ratelimit_init(struct nl_ratelimit *rl, uint32_t rate_per_s, uint32_t burst,
		       uint64_t now_ms)
{
	rl->last_ms = now_ms;
	rl->rate_per_s = rate_per_s;
	rl->burst = burst;
	rl->milli_tokens = (uint64_t)burst * 1000;
}

bool nl_ratelimit_allow(struct nl_ratelimit *rl, uint64_t now_ms)
{
	uint64_t cap = (uint64_t)rl->burst * 1000;

	if (now_ms > rl->last_ms) {
		uint64_t elapsed = now_ms - rl->last_ms;

		/* Past a full refill the exact elapsed time no longer matters. */
		if (elapsed > cap)
			elapsed = cap;
		rl->milli_tokens += elapsed * rl->rate_per_s;
		if (rl->milli_tokens > cap)
			rl->milli_tokens = cap;
	}
	rl->last_ms = now_ms;
	if (rl->milli_tokens < 1000)
		return false;
	rl->milli_tokens -= 1000;
	return true;
}
