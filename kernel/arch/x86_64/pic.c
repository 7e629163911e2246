/* 8259A programming: edge triggered, cascaded, master at 32, slave at 40. */
#include "pic.h"
#include "cpu.h"
#include "io.h"
#include "trap.h"

#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1
#define ICW1_INIT 0x11 /* init, ICW4 follows, cascade mode, edge triggered */
#define ICW4_8086 0x01
#define OCW2_EOI 0x20
#define OCW3_READ_ISR 0x0b
#define CASCADE_IRQ 2

void pic_init(void)
{
	outb(PIC1_CMD, ICW1_INIT);
	io_wait();
	outb(PIC2_CMD, ICW1_INIT);
	io_wait();
	outb(PIC1_DATA, IRQ_BASE); /* ICW2: vector base */
	io_wait();
	outb(PIC2_DATA, IRQ_BASE + 8);
	io_wait();
	outb(PIC1_DATA, 1 << CASCADE_IRQ); /* ICW3: slave on IRQ 2 */
	io_wait();
	outb(PIC2_DATA, CASCADE_IRQ); /* ICW3: slave identity */
	io_wait();
	outb(PIC1_DATA, ICW4_8086);
	io_wait();
	outb(PIC2_DATA, ICW4_8086);
	io_wait();
	/* Everything off until a driver asks; the cascade must stay open. */
	outb(PIC1_DATA, (uint8_t) ~(1 << CASCADE_IRQ));
	outb(PIC2_DATA, 0xff);
}

static void set_mask(unsigned irq, int masked)
{
	uint16_t port = irq < 8 ? PIC1_DATA : PIC2_DATA;
	uint8_t bit = 1 << (irq & 7);
	int on = irq_save();
	uint8_t m = inb(port);

	outb(port, masked ? (m | bit) : (m & ~bit));
	irq_restore(on);
}

void pic_mask(unsigned irq)
{
	if (irq < NR_IRQS)
		set_mask(irq, 1);
}

void pic_unmask(unsigned irq)
{
	if (irq < NR_IRQS)
		set_mask(irq, 0);
}

void pic_eoi(unsigned irq)
{
	if (irq >= 8)
		outb(PIC2_CMD, OCW2_EOI);
	outb(PIC1_CMD, OCW2_EOI);
}

int pic_spurious(unsigned irq)
{
	if (irq != 7 && irq != 15)
		return 0;
	uint16_t cmd = irq == 7 ? PIC1_CMD : PIC2_CMD;
	outb(cmd, OCW3_READ_ISR);
	if (inb(cmd) & 0x80)
		return 0; /* really in service */
	if (irq == 15)
		outb(PIC1_CMD, OCW2_EOI); /* the master did see the cascade */
	return 1;
}
