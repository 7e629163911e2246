/*
 * Hosted test of the ported 8139too driver server against fake_rtl8139:
 * the driver probes and opens the device, reads the MAC from the EEPROM
 * through the device's registers, reports the link, transmits a frame
 * taken from its TX-free queue and delivers a received one to the RX queue.
 * Prints PASS:/FAIL: lines. The driver is whichever of rtl8139-6.1 and
 * rtl8139-6.12 was given to bss-host.
 */
#include <bss/server.h>
#include "tests/harness/tcheck.h"
#include <svc/exec.h>
#include <svc/loader.h>
#include <svc/pcidev.h>
#include <svc/timer.h>
#include <svc/ethdev.h>
#include <svc/queue.h>
#include <svc/packet.h>

struct t {
	uint32_t failed;
};
BSS_SERVER(EXEC, struct t, t, BSS_REQUIRES(LOADER_SVC_ID, PCIDEV_SVC_ID, TIMER_SVC_ID));

static void check(struct t *t, int ok, const char *name, const char *why)
{
	tresult(&t->failed, name, ok, why);
}

static int strstr_(const char *h, const char *n)
{
	for (; *h; h++)
		if (!strncmp(h, n, strlen(n)))
			return 1;
	return 0;
}

static void settle(void)
{
	for (int i = 0; i < 20; i++)
		timer_sleep_us(BSS_REQ(2), 1000); /* let the driver's threads run */
}

static uint32_t run(struct t *t, bss_ref_t eth)
{
	static const uint8_t want[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
	uint8_t mac[6];
	char why[96];

	check(t, 1, "driver loaded (probe + open)", "");
	ethdev_mac(eth, mac, 6);
	bss_snprintf(why, sizeof(why), "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2],
		     mac[3], mac[4], mac[5]);
	check(t, !memcmp(mac, want, 6), "MAC read from the EEPROM through the registers", why);
	check(t, ethdev_mtu(eth) == 1500, "mtu 1500", "wrong mtu");
	settle();

	/* Transmit: a buffer from TX-free, filled, into TX. */
	bss_ref_t txfree = ethdev_txfree_queue(eth), tx = ethdev_tx_queue(eth);
	uint32_t nfree = queue_length(txfree);
	bss_ref_t p = queue_get(txfree);
	uint8_t *b = (uint8_t *)(uintptr_t)packet_map(p);
	uint32_t sum = 0;

	for (int i = 0; i < 100; i++)
		sum += b[i] = (uint8_t)(i * 3 + 1);
	packet_set_len(p, 100);
	queue_put(tx, p);
	bss_release(p);
	settle();
	bss_snprintf(why, sizeof(why), "%u frames, last %u bytes",
		     pcidev_cfg_read(BSS_REQ(1), 0xf4, 4), pcidev_cfg_read(BSS_REQ(1), 0xf8, 4));
	check(t,
	      pcidev_cfg_read(BSS_REQ(1), 0xf4, 4) == 1 &&
		      pcidev_cfg_read(BSS_REQ(1), 0xf8, 4) == 100,
	      "one 100-byte frame transmitted", why);
	check(t, pcidev_cfg_read(BSS_REQ(1), 0xfc, 4) == sum, "transmitted bytes are the packet's",
	      "checksum differs");
	check(t, queue_length(txfree) == nfree, "TX buffer returned to TX-free", "not returned");

	/* Receive: the device writes a frame into the ring and interrupts. */
	bss_ref_t rx = ethdev_rx_queue(eth);

	pcidev_cfg_write(BSS_REQ(1), 0xf0, 4, 64);
	settle();
	bss_ref_t r = queue_try_get(rx);

	check(t, r != 0, "received frame in the RX queue", "RX queue empty");
	if (r) {
		const uint8_t *f = (const uint8_t *)(uintptr_t)packet_map(r);

		bss_snprintf(why, sizeof(why), "len %u, byte 6 = %u", packet_len(r), f[6]);
		check(t,
		      packet_len(r) == 64 && f[0] == 0xff && f[6] == 42 &&
			      f[63] == (uint8_t)(63 * 7),
		      "received frame: length and contents", why);
	}
	for (int i = 0; i < 5; i++)
		pcidev_cfg_write(BSS_REQ(1), 0xf0, 4, 60 + i);
	settle();
	check(t, queue_length(rx) == 5, "five more frames received in order", "count differs");
	/* text lines, "dev.rx" and "dev.tx" first (the glue's rtl_stats) */
	char st[256];
	uint32_t n = ethdev_stats(eth, st, sizeof(st) - 1);
	st[n] = 0;
	static const char want_st[] = "dev.rx 6\ndev.tx 1\n";
	bss_snprintf(why, sizeof(why), "got \"%.40s\"", st);
	check(t, n > 0 && !memcmp(st, want_st, sizeof(want_st) - 1), "stats: 6 received, 1 sent",
	      why);
	return t->failed;
}

/* The driver file given to bss-host: rtl8139-6.1 or rtl8139-6.12. */
static bss_ref_t find_driver(void)
{
	static const char *const names[] = {"rtl8139-6.1", "rtl8139-6.12"};
	struct bss_try tr;
	volatile bss_ref_t r = 0;

	for (unsigned i = 0; i < 2 && !r; i++) {
		BSS_TRY(tr)
		{
			r = loader_load_named(BSS_REQ(0), names[i], strlen(names[i]));
		}
		BSS_CATCH(tr)
		{
			if (!strstr_(tr.err.msg, "no such server file"))
				bss_throw(tr.err.id, tr.err.err, tr.err.msg);
		}
	}
	return r;
}

uint32_t t_main(struct t *t)
{
	bss_ref_t eth = find_driver();

	if (!eth)
		bss_throw(BSS_E_INVAL, ENOENT, "no rtl8139-VERSION server file given");
	return run(t, eth);
}
