/*
 * Fuzzes the Ethernet header parser: every input is a frame. Checks that
 * the parsed fields are the frame's bytes, that a frame accepted as valid
 * is rebuilt byte for byte, and that padding stays within its buffer.
 */
#include "eth.h"
#include "fuzz.h"

static const uint8_t us[6] = {0x02, 0, 0, 0, 0, 1};

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct nl_eth e;
	enum nl_drop r = nl_eth_parse(d, n, &e);
	uint8_t buf[NL_ETH_ZLEN + 8];
	size_t len;

	FUZZ_CHECK(r == NL_OK || r == ETH_DROP_SHORT || r == ETH_DROP_BAD_SRC ||
		   r == ETH_DROP_UNSUPPORTED_TYPE);
	if (n < NL_ETH_HLEN) {
		FUZZ_CHECK(r == ETH_DROP_SHORT);
		return 0;
	}
	FUZZ_CHECK(e.payload == d + NL_ETH_HLEN && e.payload_len == n - NL_ETH_HLEN);
	FUZZ_CHECK(memcmp(e.dst, d, 6) == 0 && memcmp(e.src, d + 6, 6) == 0);
	FUZZ_CHECK(e.type == nl_get16(d + 12));
	if (r != NL_OK) {
		FUZZ_CHECK(r != ETH_DROP_BAD_SRC || !nl_mac_is_unicast(e.src));
		return 0;
	}
	FUZZ_CHECK(nl_mac_is_unicast(e.src) && e.type >= 0x0600 && e.type != 0x8100);

	r = nl_eth_accept(&e, us, d[0] & 2);
	FUZZ_CHECK(r == NL_OK || r == ETH_DROP_NOT_FOR_US);
	FUZZ_CHECK(r != NL_OK || nl_mac_eq(e.dst, us) || nl_mac_is_multicast(e.dst));

	FUZZ_CHECK(nl_eth_build(buf, sizeof(buf), e.dst, e.src, e.type) == NL_ETH_HLEN);
	FUZZ_CHECK(memcmp(buf, d, NL_ETH_HLEN) == 0);
	len = n < sizeof(buf) ? n : sizeof(buf);
	memcpy(buf, d, len);
	len = nl_eth_pad(buf, len, sizeof(buf));
	FUZZ_CHECK(len >= NL_ETH_ZLEN && len <= sizeof(buf));
	for (size_t i = n; i < NL_ETH_ZLEN; i++)
		FUZZ_CHECK(buf[i] == 0);
	return 0;
}
