/*
 * serial: a minimal 16550 UART driver for the debug service, polled. Its
 * port range (8 ports) is given by the platform server through the driver
 * database. The UART is left as the firmware or the kernel set it up.
 */
#include <bss/server.h>
#include <svc/debug.h>
#include <svc/ioport.h>

#define PORTS BSS_REQ(0)
#define UART_DATA 0
#define UART_LSR 5
#define LSR_THR_EMPTY 0x20

struct serial {
	uint32_t written;
};

BSS_SERVER(DEBUG, struct serial, serial, BSS_REQUIRES(IOPORT_SVC_ID));

static void put(char ch)
{
	/* bounded: a UART that never drains must not hang the caller */
	for (unsigned i = 0; i < 100000 && !(ioport_in8(PORTS, UART_LSR) & LSR_THR_EMPTY); i++)
		;
	ioport_out8(PORTS, UART_DATA, (uint8_t)ch);
}

void serial_write(struct serial *s, const void *text, uint32_t len)
{
	const char *t = text;

	for (uint32_t i = 0; i < len; i++) {
		if (t[i] == '\n')
			put('\r');
		put(t[i]);
	}
	s->written += len;
}
