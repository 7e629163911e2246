/*
 * ps2kbd: the PS/2 keyboard behind the PC's i8042 controller (ports 0x60
 * data, 0x64 status/command). The controller is set to interrupt on each
 * byte and to translate to scan code set 1; the interrupt handler turns
 * bytes into key events (keymap.c) and queues them for read().
 */
#include <bss/server.h>
#include <svc/ioport.h>
#include <svc/irqhandler.h>
#include <svc/irqline.h>
#include <svc/keyboard.h>
#include <svc/pcdev.h>
#include "keymap.h"

#define PCDEV BSS_REQ(0)
#define DATA 0
#define STATUS 4 /* read; the command register when written */
#define ST_OUT_FULL 0x01
#define ST_IN_FULL 0x02
#define CMD_READ_CONFIG 0x20
#define CMD_WRITE_CONFIG 0x60
#define CFG_IRQ1 0x01
#define CFG_NO_CLOCK 0x10 /* the keyboard's clock is off: no bytes */
#define CFG_TRANSLATE 0x40
#define KBD_ENABLE 0xf4 /* to the keyboard: scan keys */
#define KBD_ACK 0xfa
#define QLEN 64
#define SPIN 100000 /* bounded waits: a controller that never answers must not hang */

struct kbd {
	bss_ref_t ports, handler, irqline; /* permanent */
	struct keymap map;
	uint32_t q[QLEN];
	uint32_t head, tail; /* head - tail events waiting */
	uint64_t events, dropped;
	bool closed;
};

static void kbd_init(struct kbd *k);

BSS_SERVER(KEYBOARD, struct kbd, kbd, .ctor = BSS_CTOR(kbd_init), BSS_REQUIRES(PCDEV_SVC_ID));

static bool wait_status(struct kbd *k, uint32_t bit, bool set)
{
	for (unsigned i = 0; i < SPIN; i++)
		if (!(ioport_in8(k->ports, STATUS) & bit) == !set)
			return true;
	return false;
}

static void command(struct kbd *k, uint32_t port, uint32_t value)
{
	if (!wait_status(k, ST_IN_FULL, false))
		bss_throw(BSS_E_INVAL, EIO, "ps2kbd: the controller does not take commands");
	ioport_out8(k->ports, port, value);
}

/* Interrupt: every byte the controller holds becomes an event (never blocks). */
uint32_t kh_handle(struct kbd *k, uint32_t line)
{
	(void)line;
	uint32_t got = 0;

	for (unsigned i = 0; i < 16 && (ioport_in8(k->ports, STATUS) & ST_OUT_FULL); i++) {
		uint32_t ev = keymap_byte(&k->map, (uint8_t)ioport_in8(k->ports, DATA));
		got++;
		if (!ev)
			continue;
		k->events++;
		if (k->head - k->tail < QLEN)
			k->q[k->head++ % QLEN] = ev;
		else
			k->dropped++;
	}
	if (got)
		bss_wake((uint64_t)(uintptr_t)k, 0);
	return got != 0;
}

BSS_LOCAL_SERVER(handler_desc, IRQHANDLER, struct kbd, kh);

static void kbd_init(struct kbd *k)
{
	k->ports = bss_keep(pcdev_ports(PCDEV));
	/* what the firmware left unread would be taken for keys */
	for (unsigned i = 0; i < 32 && (ioport_in8(k->ports, STATUS) & ST_OUT_FULL); i++)
		ioport_in8(k->ports, DATA);
	command(k, STATUS, CMD_READ_CONFIG);
	if (!wait_status(k, ST_OUT_FULL, true))
		bss_throw(BSS_E_INVAL, EIO, "ps2kbd: the controller does not answer");
	uint32_t cfg = ioport_in8(k->ports, DATA);
	command(k, STATUS, CMD_WRITE_CONFIG);
	command(k, DATA, (cfg | CFG_IRQ1 | CFG_TRANSLATE) & ~(uint32_t)CFG_NO_CLOCK);
	/*
	 * The firmware may boot us before it finished with the keyboard, which
	 * it resets with scanning off: switch it on, and take its ACK here.
	 */
	command(k, DATA, KBD_ENABLE);
	if (!wait_status(k, ST_OUT_FULL, true) || ioport_in8(k->ports, DATA) != KBD_ACK)
		bss_printf("ps2kbd: the keyboard did not acknowledge 'enable'\n");
	/* the kernel holds the handler weakly: we keep it alive */
	k->handler = bss_keep(bss_local(&handler_desc, k));
	k->irqline = bss_keep(pcdev_attach_irq(PCDEV, k->handler));
}

uint32_t kbd_read(struct kbd *k)
{
	while (k->head == k->tail && !k->closed)
		bss_wait((uint64_t)(uintptr_t)k);
	if (k->closed)
		return 0;
	return k->q[k->tail++ % QLEN];
}

void kbd_close(struct kbd *k)
{
	k->closed = true;
	bss_wake((uint64_t)(uintptr_t)k, 0);
}

uint32_t kbd_stats(struct kbd *k, void *buf, uint32_t n)
{
	char t[96];
	int len = bss_snprintf(t, sizeof(t), "kbd.events %lu\nkbd.dropped %lu\n",
			       (unsigned long)k->events, (unsigned long)k->dropped);

	if ((uint32_t)len > n)
		return 0;
	memcpy(buf, t, (size_t)len);
	return (uint32_t)len;
}
