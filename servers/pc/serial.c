/*
 * serial: a 16550 UART driver (the PC's COM ports). Output is polled, as
 * the kernel's own console output is; input comes by interrupt (received
 * data available) into a ring that read() drains. The line settings are
 * left as the kernel set them up, and leaving the driver does not touch
 * the chip: a reloaded driver's successor is already using it.
 */
#include <bss/server.h>
#include <svc/chardev.h>
#include <svc/ioport.h>
#include <svc/irqhandler.h>
#include <svc/irqline.h>
#include <svc/pcdev.h>

#define PCDEV BSS_REQ(0)
#define UART_DATA 0
#define UART_IER 1
#define UART_MCR 4
#define UART_LSR 5
#define IER_RX 0x01
#define MCR_OUT2 0x08 /* on a PC, gates the UART's interrupt to the PIC */
#define LSR_DATA 0x01
#define LSR_THR_EMPTY 0x20
#define RING 512

struct serial {
	bss_ref_t ports, handler, irqline; /* permanent; irqline 0 if input is unavailable */
	char ring[RING];
	uint32_t head, tail; /* head - tail bytes waiting */
	uint64_t lost;
	bool closed;
	char why[120]; /* why there is no input */
};

static void serial_init(struct serial *s);

BSS_SERVER(CHARDEV, struct serial, serial, .ctor = BSS_CTOR(serial_init),
	   BSS_REQUIRES(PCDEV_SVC_ID));

/* Interrupt: move every byte the UART holds into the ring (never blocks). */
uint32_t sih_handle(struct serial *s, uint32_t line)
{
	(void)line;
	uint32_t got = 0;

	for (unsigned i = 0; i < 64 && (ioport_in8(s->ports, UART_LSR) & LSR_DATA); i++) {
		char c = (char)ioport_in8(s->ports, UART_DATA);
		if (s->head - s->tail < RING)
			s->ring[s->head++ % RING] = c;
		else
			s->lost++;
		got++;
	}
	if (got)
		bss_wake((uint64_t)(uintptr_t)s, 0);
	return got != 0;
}

BSS_LOCAL_SERVER(handler_desc, IRQHANDLER, struct serial, sih);

static void serial_init(struct serial *s)
{
	struct bss_try t;

	s->ports = bss_keep(pcdev_ports(PCDEV));
	BSS_TRY(t)
	{
		/* the kernel holds the handler weakly: we keep it alive */
		s->handler = bss_keep(bss_local(&handler_desc, s));
		s->irqline = bss_keep(pcdev_attach_irq(PCDEV, s->handler));
		ioport_out8(s->ports, UART_MCR, ioport_in8(s->ports, UART_MCR) | MCR_OUT2);
		ioport_out8(s->ports, UART_IER, IER_RX);
	}
	BSS_CATCH(t)
	{
		s->irqline = 0;
		bss_snprintf(s->why, sizeof(s->why), "serial: no input: %s", t.err.msg);
	}
}

static void put(struct serial *s, char ch)
{
	/* bounded: a UART that never drains must not hang the caller */
	for (unsigned i = 0; i < 100000 && !(ioport_in8(s->ports, UART_LSR) & LSR_THR_EMPTY); i++)
		;
	ioport_out8(s->ports, UART_DATA, (uint8_t)ch);
}

void serial_write(struct serial *s, const void *text, uint32_t len)
{
	const char *t = text;

	for (uint32_t i = 0; i < len; i++) {
		if (t[i] == '\n')
			put(s, '\r');
		put(s, t[i]);
	}
}

uint32_t serial_read(struct serial *s, void *buf, uint32_t n)
{
	if (!s->irqline)
		bss_throw(BSS_E_INVAL, ENOSYS, s->why);
	while (s->head == s->tail && !s->closed)
		bss_wait((uint64_t)(uintptr_t)s);
	if (s->closed)
		return 0;
	uint32_t k = 0;
	while (k < n && s->tail != s->head)
		((char *)buf)[k++] = s->ring[s->tail++ % RING];
	return k;
}

void serial_close(struct serial *s)
{
	s->closed = true;
	bss_wake((uint64_t)(uintptr_t)s, 0);
}
